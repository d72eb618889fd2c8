using Tyr.Cli;

return await TyrCli.RunAsync(args);
