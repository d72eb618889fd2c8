using System.Net;
using System.Text;
using Tyr.Daemon.Diagnostics;
using Tyr.Metrics;

namespace Tyr.Daemon.Metrics;

/// <summary>
/// <c>GET /metrics</c> on a loopback address over plain HTTP, with the BCL's HttpListener (managed
/// on Linux, NativeAOT-clean, no ASP.NET Core in tyrd). It answers only requests whose Host is the
/// address it listens on (or localhost), which also keeps a web page's DNS rebinding out.
/// A port it cannot bind is logged and the daemon runs on: metrics never cost enforcement.
/// </summary>
internal sealed class MetricsEndpoint : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<string> _scrape;
    private readonly Task _loop;

    private MetricsEndpoint(HttpListener listener, Func<string> scrape)
    {
        _listener = listener;
        _scrape = scrape;
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>Starts listening; null when <paramref name="listen"/> is off or the address cannot be bound.</summary>
    public static MetricsEndpoint? Start(MetricsListen listen, Func<string> scrape)
    {
        if (listen.EndPoint is not { } endPoint)
        {
            Log.Info("metrics: off (metrics.listen: off)");
            return null;
        }

        var listener = new HttpListener { IgnoreWriteExceptions = true };
        listener.Prefixes.Add($"http://{listen}/");
        if (endPoint.Address.Equals(IPAddress.Loopback))
        {
            listener.Prefixes.Add($"http://localhost:{endPoint.Port}/");
        }

        try
        {
            listener.Start();
        }
        catch (HttpListenerException e)
        {
            listener.Close();
            Log.Warn($"metrics: cannot listen on {listen} ({e.Message}); /metrics is off, everything else runs as usual");
            return null;
        }

        Log.Info($"metrics: {listen.Url}");
        return new MetricsEndpoint(listener, scrape);
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Closing the listener is how the loop ends.
        }
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // One slow client must not hold up the next scrape.
            _ = Task.Run(() => Respond(context));
        }
    }

    private void Respond(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var request = context.Request;
            var (status, contentType, body) = request.Url?.AbsolutePath switch
            {
                "/metrics" when request.HttpMethod is "GET" or "HEAD" => (200, PrometheusTextWriter.ContentType, _scrape()),
                "/metrics" => (405, "text/plain; charset=utf-8", "only GET and HEAD\n"),
                _ => (404, "text/plain; charset=utf-8", "tyrd serves /metrics only\n"),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            response.StatusCode = status;
            response.ContentType = contentType;
            response.ContentLength64 = bytes.Length;
            if (status == 405)
            {
                response.AddHeader("Allow", "GET, HEAD");
            }

            if (request.HttpMethod != "HEAD")
            {
                response.OutputStream.Write(bytes);
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away.
        }
        catch (Exception e)
        {
            // A bug in a scrape must not take the daemon down; say it once per request.
            Log.Error($"metrics: scrape failed: {e.Message}");
            TrySetStatus(response, 500);
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    private static void TrySetStatus(HttpListenerResponse response, int status)
    {
        try
        {
            response.StatusCode = status;
        }
        catch (InvalidOperationException)
        {
            // Headers already sent.
        }
    }
}
