using System.CommandLine;
using Tyr.Daemon.Diagnostics;
using Tyr.Daemon.Enrollment;
using Tyr.Daemon.Platform;
using Tyr.Daemon.Transport;
using Tyr.Pki;

namespace Tyr.Daemon.Cli;

/// <summary><c>tyrd enroll --server HOST:PORT --token TOKEN [...]</c>.</summary>
internal static class EnrollCommand
{
    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "The tyr-server gRPC endpoint, HOST:PORT", Required = true };
        var token = new Option<string>("--token") { Description = "The one-time enrollment token", Required = true };
        var stateDir = new Option<string>("--state-dir")
        {
            Description = "Where the agent key, certificate and spool live",
            DefaultValueFactory = _ => StateDirectory.DefaultPath,
        };
        var name = new Option<string?>("--name") { Description = "The agent's name (default: the host name)" };
        var fingerprint = new Option<string?>("--ca-fingerprint")
        {
            Description = "SHA-256 of the server's CA certificate (hex, colons and a sha256: prefix allowed); without it, trust on first use",
        };
        var caFile = new Option<string>("--ca-file")
        {
            Description = "Where to store the server's CA certificate",
            DefaultValueFactory = _ => EnrollmentOptions.DefaultCaFile,
        };

        var command = new Command("enroll", "Enroll this host with a Tyr server (once per host)")
        {
            server, token, stateDir, name, fingerprint, caFile,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var options = Validate(
                    result.GetRequiredValue(server),
                    result.GetRequiredValue(token),
                    result.GetRequiredValue(stateDir),
                    result.GetValue(name),
                    result.GetValue(fingerprint),
                    result.GetRequiredValue(caFile));
                var agentId = await Enroller.EnrollAsync(options, cancellationToken).ConfigureAwait(false);
                Console.Out.WriteLine($"enrolled as {agentId}");
                return ExitCodes.Ok;
            }
            catch (UsageException e)
            {
                Log.Error(e.Message);
                return ExitCodes.Usage;
            }
            catch (EnrollmentException e)
            {
                Log.Error(e.Message);
                return ExitCodes.Failure;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.Error($"cannot save the enrollment: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static EnrollmentOptions Validate(string server, string token, string stateDir, string? name, string? fingerprint, string caFile)
    {
        if (!ServerAddress.TryParse(server, out var address))
        {
            throw new UsageException($"--server: expected HOST:PORT, got '{server}'");
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw new UsageException("--token: must not be empty");
        }

        string? pinned = null;
        if (fingerprint is not null)
        {
            pinned = Fingerprints.Normalize(fingerprint);
            if (pinned.Length != 64 || !pinned.All(char.IsAsciiHexDigitLower))
            {
                throw new UsageException($"--ca-fingerprint: expected a SHA-256 in hex (64 digits), got '{fingerprint}'");
            }
        }

        name ??= HostInfo.HostName();
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new UsageException("--name: must not be empty");
        }

        return new EnrollmentOptions(address, token.Trim(), new StateDirectory(stateDir), name, pinned, Path.GetFullPath(caFile));
    }
}
