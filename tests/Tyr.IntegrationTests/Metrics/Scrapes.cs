using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Metrics;

/// <summary>Fetches and checks scrapes, as Prometheus would: the content type, then the format.</summary>
internal static class Scrapes
{
    private static readonly HttpClient s_plain = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>tyr-server's /metrics over HTTPS with <paramref name="api"/>'s token; asserts 200.</summary>
    public static async Task<Exposition> ServerAsync(TyrApi api)
    {
        using var response = await api.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 200, $"GET /metrics: {(int)response.StatusCode} {text}");
        AssertPrometheusContentType(response);
        return Exposition.Parse(text);
    }

    /// <summary>A tyrd's local /metrics over plain HTTP.</summary>
    public static async Task<Exposition> DaemonAsync(DaemonProcess daemon)
    {
        using var response = await s_plain.GetAsync(TestMetricsListen.UrlOf(daemon.ConfigPath));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 200, $"GET tyrd /metrics: {(int)response.StatusCode} {text}");
        AssertPrometheusContentType(response);
        return Exposition.Parse(text);
    }

    public static async Task<Exposition> EventuallyAsync(Func<Task<Exposition>> scrape, Func<Exposition, bool> condition, Func<string> describe)
    {
        Exposition? last = null;
        await Eventually.TrueAsync(async () => condition(last = await scrape()), Eventually.DefaultTimeout,
            () => describe() + "\nlast scrape:\n" + string.Join("\n", last?.Samples.Select(s => $"{s.Name}{{{string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}"))}}} {s.Value}") ?? []));
        return last!;
    }

    private static void AssertPrometheusContentType(HttpResponseMessage response)
    {
        var type = response.Content.Headers.ContentType;
        Assert.NotNull(type);
        Assert.Equal("text/plain", type.MediaType);
        Assert.Contains(type.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
    }
}
