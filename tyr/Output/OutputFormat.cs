namespace Tyr.Cli.Output;

/// <summary>How a REST command prints its answer (<c>-o table|json</c>).</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
