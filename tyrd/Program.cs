using Tyr.Daemon.Cli;

return await TyrdCommandLine.InvokeAsync(args).ConfigureAwait(false);
