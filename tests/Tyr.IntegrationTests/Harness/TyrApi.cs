using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Tyr.Pki;

namespace Tyr.IntegrationTests.Harness;

/// <summary>The REST API as an operator uses it: HTTPS pinned to the server's CA, a bearer token.</summary>
internal sealed class TyrApi : IDisposable
{
    private readonly HttpClient _client;

    public TyrApi(ServerProcess server, string? adminToken)
    {
        var trust = CaTrust.FromPemFile(server.CaPath);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            certificate is not null &&
            trust.IsValidServer(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), out _) &&
            (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        _client = new HttpClient(handler) { BaseAddress = new Uri("https://localhost:" + server.HttpEndpoint.Split(':')[^1]) };
        if (adminToken is not null)
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        }
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    public Task<HttpResponseMessage> PostAsync(string path, string? json = null) =>
        _client.PostAsync(path, json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> AgentAsync(string agentId)
    {
        var agents = await GetJsonAsync("/api/v1/agents");
        return agents.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("id").GetString() == agentId);
    }

    /// <summary>Every stored event, following next_cursor to the end.</summary>
    public async Task<List<JsonElement>> AllEventsAsync(string? agentId = null)
    {
        var events = new List<JsonElement>();
        string? cursor = null;
        bool more;
        do
        {
            var query = "/api/v1/events?limit=1000" + (agentId is null ? string.Empty : "&agent_id=" + agentId) +
                        (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await GetJsonAsync(query);
            events.AddRange(page.GetProperty("events").EnumerateArray());
            cursor = page.GetProperty("next_cursor").GetString();
            more = page.GetProperty("has_more").GetBoolean();
        }
        while (more);
        return events;
    }

    public void Dispose() => _client.Dispose();
}
