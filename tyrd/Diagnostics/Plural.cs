namespace Tyr.Daemon.Diagnostics;

internal static class Plural
{
    /// <summary>"1 batch", "2 batches": log lines read as sentences.</summary>
    public static string Of(long count, string one, string many) => count == 1 ? $"1 {one}" : $"{count} {many}";
}
