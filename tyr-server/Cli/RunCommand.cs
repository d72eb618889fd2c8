using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using Tyr.Server.Config;
using Tyr.Server.Hosting;
using Tyr.Server.Pki;
using Tyr.Server.Storage;

namespace Tyr.Server.Cli;

internal static class RunCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var grpcListen = ListenOption("--grpc-listen", "gRPC listener for agents (mTLS, HTTP/2)", 7700);
        var httpListen = ListenOption("--http-listen", "REST listener for operators (HTTPS)", 7701);
        var san = new Option<string[]>("--san")
        {
            Description = "A DNS name or IP for the server certificate; repeat for more (default: host name, localhost, 127.0.0.1, ::1)",
            HelpName = "NAME",
        };
        san.Validators.Add(result =>
        {
            var values = result.GetValueOrDefault<string[]>() ?? [];
            if (values.Length > 0 && !ServerNames.TryParse(values, out _, out var error))
            {
                result.AddError($"--san: {error}");
            }
        });
        var heartbeat = new Option<uint>("--heartbeat-interval")
        {
            Description = "Seconds between agent heartbeats, sent to each agent when it connects (1 to 3600)",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 30,
            CustomParser = ParseHeartbeat,
        };
        var config = new Option<string?>("--config")
        {
            Description = $"YAML file with the run settings; a flag given here wins over it (default: {ServerConfig.DefaultPath} when it exists)",
            HelpName = "FILE",
        };

        var command = new Command("run", "Run the server until SIGTERM or SIGINT") { data, grpcListen, httpListen, san, heartbeat, config };
        command.SetAction(async (parse, _) =>
        {
            ServerConfig file;
            try
            {
                file = ServerConfigLoader.Resolve(parse.GetValue(config));
            }
            catch (ServerConfigException e)
            {
                throw new UsageException(e.Message);
            }

            var sans = ConfiguredValue.Pick(parse, san, file.SubjectAlternativeNames) ?? [];
            var names = sans.Length == 0
                ? ServerNames.Default(Dns.GetHostName())
                : ServerNames.TryParse(sans, out var parsed, out var error) ? parsed : throw new UsageException($"--san: {error}");
            var settings = new ServerSettings(
                new DataDirectory(ConfiguredValue.Pick(parse, data, file.DataDirectory)),
                ConfiguredValue.Pick(parse, grpcListen, file.GrpcListen),
                ConfiguredValue.Pick(parse, httpListen, file.HttpListen),
                names,
                ConfiguredValue.Pick(parse, heartbeat, file.HeartbeatIntervalSeconds));
            return await ServerHost.RunAsync(settings);
        });
        return command;
    }

    private static Option<IPEndPoint> ListenOption(string name, string description, int defaultPort) => new(name)
    {
        Description = $"{description}; IP:PORT, port 0 picks a free one",
        HelpName = "IP:PORT",
        DefaultValueFactory = _ => new IPEndPoint(IPAddress.Any, defaultPort),
        CustomParser = result => ParseListen(name, result),
    };

    private static uint ParseHeartbeat(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return 30;
        }

        var text = result.Tokens[0].Value;
        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 3600)
        {
            return seconds;
        }

        result.AddError($"--heartbeat-interval: '{text}' is not a whole number of seconds from 1 to 3600");
        return 0;
    }

    private static IPEndPoint? ParseListen(string name, ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        if (ListenAddress.TryParse(result.Tokens[0].Value, out var endPoint, out var error))
        {
            return endPoint;
        }

        result.AddError($"{name}: {error}");
        return null;
    }
}
