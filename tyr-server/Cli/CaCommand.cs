using System.CommandLine;
using Tyr.Server.Hosting;
using Tyr.Server.Storage;

namespace Tyr.Server.Cli;

internal static class CaCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var fingerprint = new Command("fingerprint", "Print the SHA-256 fingerprint of the CA certificate") { data };
        fingerprint.SetAction(parse =>
        {
            using var state = ServerState.OpenExisting(new DataDirectory(parse.GetValue(data)!), TimeProvider.System);
            Console.Out.WriteLine(state.Ca.Fingerprint);
            return ExitCodes.Ok;
        });

        return new Command("ca", "The server's private CA") { fingerprint };
    }
}
