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

    public Task<HttpResponseMessage> DeleteAsync(string path) => _client.DeleteAsync(path);

    /// <summary>Any request, answered with its status and JSON body (parsed whatever the status).</summary>
    public async Task<(int Status, JsonElement Body)> SendJsonAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, json);
    }

    /// <summary>POST /api/v1/policies; asserts 201 and returns the version object.</summary>
    public async Task<JsonElement> ApplyPolicyAsync(string yaml, string file = "policy.yaml", string? message = null)
    {
        var (status, body) = await SendJsonAsync(HttpMethod.Post, "/api/v1/policies", new Dictionary<string, string?> { ["yaml"] = yaml, ["file"] = file, ["message"] = message });
        Assert.True(status == 201, $"apply {file}: {status} {body}");
        return body;
    }

    /// <summary>Applies a file of examples/policies and returns its version number.</summary>
    public async Task<long> ApplyExampleAsync(string name, string? message = null)
    {
        var path = Path.Combine(Binaries.RepositoryRoot(), "examples", "policies", name);
        var applied = await ApplyPolicyAsync(await File.ReadAllTextAsync(path), name, message);
        return applied.GetProperty("version").GetInt64();
    }

    /// <summary>POST /api/v1/assignments; asserts 200.</summary>
    public async Task<JsonElement> AssignAsync(long version, string targetType, string targetId)
    {
        var (status, body) = await SendJsonAsync(HttpMethod.Post, "/api/v1/assignments",
            new Dictionary<string, object> { ["version"] = version, ["target_type"] = targetType, ["target_id"] = targetId });
        Assert.True(status == 200, $"assign v{version} to {targetType} {targetId}: {status} {body}");
        return body;
    }

    public Task<JsonElement> EffectiveAsync(string agentId) => GetJsonAsync($"/api/v1/agents/{agentId}/effective");

    public void Dispose() => _client.Dispose();
}
