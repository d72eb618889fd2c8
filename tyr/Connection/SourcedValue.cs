namespace Tyr.Cli.Connection;

/// <summary>
/// A setting and where it came from (<c>--server</c>, <c>TYR_SERVER</c>, <c>config.yaml:2:9</c>),
/// so an error about the value can say which one to fix.
/// </summary>
internal sealed record SourcedValue(string Value, string Source);
