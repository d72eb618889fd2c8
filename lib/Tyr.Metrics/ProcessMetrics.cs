using System.Diagnostics;

namespace Tyr.Metrics;

/// <summary>
/// The standard <c>process_*</c> metrics every Prometheus client library exports (CPU, memory, open
/// files, start time), so the usual dashboards and alerts work unchanged.
/// </summary>
public static class ProcessMetrics
{
    /// <summary>Writes process_cpu_seconds_total, process_resident_memory_bytes, process_open_fds and process_start_time_seconds.</summary>
    public static void WriteTo(PrometheusTextWriter writer)
    {
        using var process = Process.GetCurrentProcess();
        writer.Family("process_cpu_seconds_total", MetricType.Counter, "Total user and system CPU time spent in seconds.")
            .Sample("process_cpu_seconds_total", process.TotalProcessorTime.TotalSeconds);
        writer.Family("process_resident_memory_bytes", MetricType.Gauge, "Resident memory size in bytes.")
            .Sample("process_resident_memory_bytes", process.WorkingSet64);
        if (OpenFileDescriptors() is { } open)
        {
            writer.Family("process_open_fds", MetricType.Gauge, "Number of open file descriptors.")
                .Sample("process_open_fds", open);
        }

        writer.Family("process_start_time_seconds", MetricType.Gauge, "Start time of the process since unix epoch in seconds.")
            .Sample("process_start_time_seconds", new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
    }

    private static int? OpenFileDescriptors()
    {
        try
        {
            return Directory.GetFileSystemEntries("/proc/self/fd").Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
