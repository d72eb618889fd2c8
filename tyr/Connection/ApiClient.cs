using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using Tyr.Pki;

namespace Tyr.Cli.Connection;

/// <summary>
/// tyr-server's REST API over HTTPS pinned to the operator's CA, with the operator token on every
/// request. Answers are returned as JSON text (commands decode them, or print them for
/// <c>-o json</c>); every failure becomes a <see cref="CommandFailedException"/> with its exit code.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly ServerCertificateCheck _check;
    private readonly ConnectionSettings _settings;

    private ApiClient(HttpClient http, ServerCertificateCheck check, ConnectionSettings settings)
    {
        _http = http;
        _check = check;
        _settings = settings;
    }

    /// <summary>The server as the operator named it, for messages.</summary>
    public string ServerName => _settings.Server.Value;

    public static ApiClient Create(ConnectionSettings settings)
    {
        var check = new ServerCertificateCheck(LoadCa(settings.Ca));
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = check.Validate,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            },
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // An operator's proxy settings are for the web; the API is reached directly, pinned.
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var http = new HttpClient(handler) { BaseAddress = settings.ApiBase, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token.Value);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("tyr", typeof(ApiClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return new ApiClient(http, check, settings);
    }

    public Task<string> GetAsync(string path, CancellationToken cancellation) =>
        SendAsync(HttpMethod.Get, path, json: null, cancellation);

    public Task<string> PostAsync(string path, string json, CancellationToken cancellation) =>
        SendAsync(HttpMethod.Post, path, json, cancellation);

    public Task<string> DeleteAsync(string path, CancellationToken cancellation) =>
        SendAsync(HttpMethod.Delete, path, json: null, cancellation);

    /// <summary>PUTs <paramref name="text"/> as <paramref name="mediaType"/> (UTF-8), e.g. a YAML document.</summary>
    public Task<string> PutTextAsync(string path, string text, string mediaType, CancellationToken cancellation) =>
        SendAsync(HttpMethod.Put, path, text, cancellation, mediaType);

    public void Dispose() => _http.Dispose();

    private async Task<string> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellation, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, mediaType);
        }

        // One deadline for the whole exchange, headers and body; the caller's token is Ctrl-C.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(s_timeout);
        try
        {
            using var response = await _http.SendAsync(request, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            return response.IsSuccessStatusCode
                ? body
                : throw ApiErrors.FromResponse(method, request.RequestUri!, response.StatusCode, body, _settings);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            throw new CommandFailedException(ExitCodes.Failure, $"{ServerName}: no answer within {s_timeout.TotalSeconds:0} s ({method} {path})");
        }
        catch (HttpRequestException e)
        {
            throw new CommandFailedException(ExitCodes.Failure, Unreachable(e));
        }
    }

    private string Unreachable(HttpRequestException e)
    {
        if (e.InnerException is AuthenticationException && _check.LastRefusal is { } refusal)
        {
            return $"{ServerName}: TLS refused: {refusal} (CA from {_settings.Ca.Source}: {_settings.Ca.Value})";
        }

        // HttpRequestException's own message names the socket error and the endpoint
        // ("Connection refused (localhost:7701)"); the innermost one says what TLS disliked.
        var innermost = e.GetBaseException();
        var detail = innermost == e || e.Message.Contains(innermost.Message, StringComparison.Ordinal)
            ? e.Message
            : $"{e.Message} {innermost.Message}";
        return $"cannot reach {ServerName}: {detail}";
    }

    private static CaTrust LoadCa(SourcedValue ca)
    {
        var where = ca.Source == "--ca" || ca.Source == "TYR_CA" ? $"{ca.Source} {ca.Value}" : $"{ca.Value} (ca: at {ca.Source})";
        if (Directory.Exists(ca.Value))
        {
            throw new UsageException($"{where}: is a directory; give the server's ca.pem file");
        }

        try
        {
            return CaTrust.FromPemFile(ca.Value);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"{where}: no such file; fetch the server's CA as docs/cli.md explains");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{where}: cannot read: {e.Message}");
        }
        catch (Exception e) when (e is InvalidDataException or CryptographicException)
        {
            throw new UsageException($"{where}: not a PEM certificate; give the server's ca.pem");
        }
    }
}
