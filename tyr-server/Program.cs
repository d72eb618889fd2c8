using Tyr.Server.Cli;

return await TyrServerCli.RunAsync(args);
