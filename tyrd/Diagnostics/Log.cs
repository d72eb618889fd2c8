namespace Tyr.Daemon.Diagnostics;

/// <summary>
/// One line per message on stderr, <c>tyrd: level: text</c>. journald adds the timestamp and the
/// unit, so a structured logging stack would buy nothing here.
/// </summary>
internal static class Log
{
    public static void Info(string message) => Write("info", message);

    public static void Warn(string message) => Write("warn", message);

    public static void Error(string message) => Write("error", message);

    private static void Write(string level, string message) =>
        // Console.Error is synchronized: concurrent writers never interleave within a line.
        Console.Error.WriteLine($"tyrd: {level}: {message}");
}
