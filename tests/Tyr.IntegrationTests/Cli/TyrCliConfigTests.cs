using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Cli;

/// <summary>
/// How `tyr` finds its server, token and CA (flags, then TYR_* variables, then the config file, one
/// setting at a time, like kubectl), what it refuses, and the exit codes an operator's script sees:
/// 0 ok, 1 unreachable or TLS refused, 2 bad usage or settings, 4 token refused.
/// </summary>
public sealed class TyrCliConfigTests() : ServerTest("cli-config")
{
    private TyrCommand _tyr = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _tyr = new TyrCommand(Server, await Server.CreateAdminTokenAsync(), Directory);
    }

    [Fact]
    public async Task The_config_file_in_the_home_directory_is_enough_and_its_ca_path_is_relative_to_it()
    {
        var configDirectory = System.IO.Directory.CreateDirectory(Path.Combine(_tyr.Home, ".config", "tyr")).FullName;
        File.Copy(_tyr.CaPath, Path.Combine(configDirectory, "tyr-ca.pem"));
        await File.WriteAllTextAsync(Path.Combine(configDirectory, "config.yaml"), $"""
            # written by the operator
            server: {_tyr.ServerUrl}
            token: {_tyr.Token}
            ca: tyr-ca.pem
            """);

        var result = await _tyr.RunWithAsync(new Dictionary<string, string?>(), stdin: null, "agents", "list", "-o", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"agents\"", result.Stdout);
    }

    [Fact]
    public async Task Each_setting_comes_from_the_flag_else_the_environment_else_the_config_file()
    {
        var config = Directory.File("elsewhere.yaml");
        await File.WriteAllTextAsync(config, $"server: {_tyr.ServerUrl}\ntoken: tyr_admin_from-the-file\nca: {_tyr.CaPath}\n");

        // The file's token is wrong: with nothing else it is used, and refused.
        var fileOnly = await _tyr.RunWithAsync(new Dictionary<string, string?> { ["TYR_CONFIG"] = config }, null, "agents", "list");
        Assert.True(fileOnly.ExitCode == 4, fileOnly.ToString());
        Assert.Contains("token from " + config + ":2:8", fileOnly.Stderr);

        // TYR_TOKEN beats the file; the server and CA still come from the file.
        var fromEnvironment = await _tyr.RunWithAsync(
            new Dictionary<string, string?> { ["TYR_CONFIG"] = config, ["TYR_TOKEN"] = _tyr.Token }, null, "agents", "list");
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());

        // --token beats TYR_TOKEN.
        var flagBeatsEnvironment = await _tyr.RunWithAsync(
            new Dictionary<string, string?> { ["TYR_CONFIG"] = config, ["TYR_TOKEN"] = _tyr.Token }, null, "agents", "list", "--token", "tyr_admin_wrong");
        Assert.True(flagBeatsEnvironment.ExitCode == 4, flagBeatsEnvironment.ToString());
        Assert.Contains("the bearer token is not a valid operator token (token from --token)", flagBeatsEnvironment.Stderr);

        // Flags alone, with no file and no variables.
        var flagsOnly = await _tyr.RunWithAsync(
            new Dictionary<string, string?>(), null, "agents", "list", "--server", _tyr.ServerUrl, "--token", _tyr.Token, "--ca", _tyr.CaPath);
        Assert.True(flagsOnly.ExitCode == 0, flagsOnly.ToString());
    }

    [Fact]
    public async Task Missing_settings_are_usage_errors_that_say_every_way_to_give_them()
    {
        var nothing = await _tyr.RunWithAsync(new Dictionary<string, string?>(), null, "events", "list");
        Assert.True(nothing.ExitCode == 2, nothing.ToString());
        Assert.Equal(string.Empty, nothing.Stdout);
        Assert.Equal(
            $"tyr: error: no server given: pass --server https://HOST:7701, set TYR_SERVER, or put 'server: https://HOST:7701' in {_tyr.Home}/.config/tyr/config.yaml\n",
            nothing.Stderr);

        var noCa = await _tyr.RunWithAsync(new Dictionary<string, string?> { ["TYR_SERVER"] = _tyr.ServerUrl, ["TYR_TOKEN"] = _tyr.Token }, null, "agents", "list");
        Assert.True(noCa.ExitCode == 2, noCa.ToString());
        Assert.Contains("no CA certificate given: pass --ca FILE, set TYR_CA", noCa.Stderr);
    }

    [Fact]
    public async Task A_broken_config_file_is_reported_with_its_line_and_column()
    {
        var config = Directory.File("typo.yaml");
        await File.WriteAllTextAsync(config, $"server: {_tyr.ServerUrl}\nsever: https://other.example:7701\n");

        var result = await _tyr.RunWithAsync(new Dictionary<string, string?> { ["TYR_CONFIG"] = config }, null, "agents", "list");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"tyr: error: {config}:2:1: unknown key 'sever' (known keys: server, token, ca)\n", result.Stderr);

        var missing = await _tyr.RunWithAsync(new Dictionary<string, string?> { ["TYR_CONFIG"] = Directory.File("absent.yaml") }, null, "agents", "list");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("absent.yaml: no such config file (named by TYR_CONFIG)", missing.Stderr);
    }

    [Fact]
    public async Task Plain_http_is_refused_before_anything_is_sent()
    {
        var environment = _tyr.ConnectionEnvironment();
        environment["TYR_SERVER"] = "http://localhost:" + Server.HttpEndpoint.Split(':')[^1];

        var result = await _tyr.RunWithAsync(environment, null, "agents", "list");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("TYR_SERVER: 'http://localhost:", result.Stderr);
        Assert.Contains("tyr talks HTTPS only", result.Stderr);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_a_failure_naming_the_address()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await _tyr.RunAsync("agents", "list", "--server", "localhost:" + port);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith($"tyr: error: cannot reach localhost:{port}: ", result.Stderr);
    }

    [Fact]
    public async Task A_server_whose_certificate_does_not_chain_to_the_given_ca_is_refused()
    {
        // Another CA, valid in every other way: a pin means this one CA, not any CA.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Some Other CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var otherCa = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var otherCaPath = Directory.File("other-ca.pem");
        await File.WriteAllTextAsync(otherCaPath, otherCa.ExportCertificatePem());

        var result = await _tyr.RunAsync("agents", "list", "--ca", otherCaPath);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("TLS refused: the server's certificate does not chain to the Tyr CA", result.Stderr);
        Assert.Contains("CA from --ca: " + otherCaPath, result.Stderr);

        var notPem = await _tyr.RunAsync("agents", "list", "--ca", Directory.File("other-ca.pem") + ".missing");
        Assert.True(notPem.ExitCode == 2, notPem.ToString());
        Assert.Contains("no such file", notPem.Stderr);
    }

    [Fact]
    public async Task A_server_certificate_without_the_dialled_name_is_refused()
    {
        await using var named = await ServerProcess.StartAsync(Directory.Sub("named"), extra: ["--san", "tyr.example.invalid"]);
        var tyr = new TyrCommand(named, await named.CreateAdminTokenAsync(), Directory);

        var result = await tyr.RunAsync("agents", "list");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("TLS refused: the server's certificate is not valid for the host name", result.Stderr);
    }

    [Fact]
    public async Task Usage_errors_exit_2_and_help_lists_the_exit_codes()
    {
        var help = await _tyr.RunAsync("--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("Exit codes: 0 ok; 1 failure", help.Stdout);

        var unknown = await _tyr.RunAsync("policy", "frobnicate");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.StartsWith("tyr: error: ", unknown.Stderr);
    }
}
