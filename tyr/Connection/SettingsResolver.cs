namespace Tyr.Cli.Connection;

/// <summary>
/// Resolves each setting on its own, like kubectl: the flag, else the environment variable, else
/// the config file. The config file is read only when a flag and its variable are both missing,
/// so a broken file never stands in the way of explicit flags.
/// </summary>
internal static class SettingsResolver
{
    public static ConnectionSettings Resolve(string? serverFlag, string? tokenFlag, string? caFlag)
    {
        ConfigFile? config = null;
        var configLoaded = false;
        ConfigFile? Config()
        {
            if (!configLoaded)
            {
                var (path, required) = ConfigFile.Locate();
                config = ConfigFile.Load(path, required);
                configLoaded = true;
            }

            return config;
        }

        var server = Pick(serverFlag, "--server", "TYR_SERVER") ?? Config()?.Server ??
            throw Missing("no server given", "--server https://HOST:7701", "TYR_SERVER", "server: https://HOST:7701");
        var token = Pick(tokenFlag, "--token", "TYR_TOKEN") ?? Config()?.Token ??
            throw Missing("no operator token given", "--token TOKEN", "TYR_TOKEN", "token: TOKEN",
                " (create one on the server host with `tyr-server admin-token create`)");
        var ca = Pick(caFlag, "--ca", "TYR_CA") ?? Config()?.Ca ??
            throw Missing("no CA certificate given", "--ca FILE", "TYR_CA", "ca: FILE",
                " (the server's ca.pem, see `tyr-server ca fingerprint`)");

        return new ConnectionSettings(ServerAddress.ApiBase(server), server, token with { Value = token.Value.Trim() }, ca);
    }

    private static SourcedValue? Pick(string? flag, string flagName, string variable)
    {
        if (!string.IsNullOrEmpty(flag))
        {
            return new SourcedValue(flag, flagName);
        }

        // An empty variable is unset, which is what `TYR_TOKEN= tyr ...` means in a script.
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(fromEnvironment) ? null : new SourcedValue(fromEnvironment, variable);
    }

    private static UsageException Missing(string what, string flag, string variable, string key, string hint = "")
    {
        var (path, _) = ConfigFile.Locate();
        return new UsageException($"{what}: pass {flag}, set {variable}, or put '{key}' in {path}{hint}");
    }
}
