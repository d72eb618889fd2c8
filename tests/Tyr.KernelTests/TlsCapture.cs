using Google.Protobuf;
using Tyr.BpfEntries;
using Tyr.KernelTests.Infrastructure;
using Tyr.Protocol;

namespace Tyr.KernelTests;

/// <summary>
/// TLS events from the real kernel: curl (libssl, uprobes on SSL_write/SSL_read) posting an
/// Anthropic-style request with an API key to a loopback HTTPS server. The ClientHello is caught at
/// the send (fentry/tcp_sendmsg, or the send system calls where trampolines are refused), the
/// request and response in the plaintext at OpenSSL's API.
/// </summary>
public sealed class TlsCapture
{
    private const string Host = "llm.tyr.test";

    [Fact]
    public async Task A_governed_https_call_gives_a_handshake_and_an_exchange_with_model_and_path_and_no_key()
    {
        Requires.Root();
        Requires.File("/usr/bin/curl", "curl is the OpenSSL client");
        using var agent = new GovernedAgent();
        await using var running = RunningSource.Governing(agent.Path);
        running.Source.ApplyPolicy(new BpfEntriesWriter().ToArray(), 1);
        Assert.SkipUnless(running.Source.TlsCapture, "no TLS hook loads on this kernel");
        Assert.SkipWhen(running.Source.TlsTargets.Count == 0, "no libssl found for the uprobes");
        running.Source.SetTlsCapture(true);
        await using var server = new LoopbackTlsServer(Host);
        var key = "sk-ant-api03-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()) + "AA";

        var result = await agent.RunAsync(Curl(server.Port, key));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("tyr", result.Stdout, StringComparison.Ordinal);

        var hello = await running.WaitForAsync(e => e.Kind == EventKind.Tls && e.Pid == result.Pid && e.Metadata["tls_source"] == "client_hello", "the ClientHello");
        Assert.Equal(Host, hello.Resource);
        Assert.Equal($"127.0.0.1:{server.Port}", hello.Metadata["destination"]);
        Assert.Contains("http/1.1", hello.Metadata["alpn"].Split(','));
        var exchange = await running.WaitForAsync(e => e.Kind == EventKind.Tls && e.Pid == result.Pid && e.Metadata["tls_source"] == "openssl", "the HTTP exchange");
        Assert.Equal(Host, exchange.Resource);
        Assert.Equal(
            ("outbound", "POST", "/v1/messages", "anthropic.messages", "claude-tyr-test", "true", "200"),
            (exchange.Metadata["direction"], exchange.Metadata["method"], exchange.Metadata["path"], exchange.Metadata["api"],
             exchange.Metadata["model"], exchange.Metadata["stream"], exchange.Metadata["status"]));
        Assert.Equal(LoopbackTlsServer.Reply.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), exchange.Metadata["response_bytes"]);
        Assert.Equal("uprobe/SSL_write", exchange.Metadata["hook"]);

        // Not in any field of any event: not in the exchange's, not in the handshake's, not in curl's argv.
        await running.FenceAsync(agent);
        Assert.All(running.Events(), e => Assert.DoesNotContain(key[..20], JsonFormatter.Default.Format(e), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_is_captured_until_asked_nor_from_an_ungoverned_process()
    {
        Requires.Root();
        Requires.File("/usr/bin/curl", "curl is the OpenSSL client");
        using var agent = new GovernedAgent();
        await using var running = RunningSource.Governing(agent.Path);
        running.Source.ApplyPolicy(new BpfEntriesWriter().ToArray(), 1);
        Assert.SkipUnless(running.Source.TlsCapture, "no TLS hook loads on this kernel");
        await using var server = new LoopbackTlsServer(Host);

        var before = await agent.RunAsync(Curl(server.Port, "none"));
        running.Source.SetTlsCapture(true);
        var plain = await ProcessResult.RunAsync("/bin/bash", Curl(server.Port, "none"), TimeSpan.FromSeconds(30));
        Assert.Equal((0, 0), (before.ExitCode, plain.ExitCode));

        await running.FenceAsync(agent);
        Assert.Empty(running.Events(e => e.Kind == EventKind.Tls));
    }

    [Fact]
    public async Task A_binary_with_openssl_inside_that_a_governed_process_runs_is_hooked_and_its_calls_are_seen()
    {
        Requires.Root();
        Requires.File("/usr/bin/node", "node carries OpenSSL and exports SSL_write");
        using var agent = new GovernedAgent();
        // A copy is a file the uprobes set at start (on /usr/bin/node) do not cover.
        var node = Path.Combine(agent.Directory, "node-copy");
        File.Copy("/usr/bin/node", node);
        File.SetUnixFileMode(node, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var running = RunningSource.Governing(agent.Path);
        running.Source.ApplyPolicy(new BpfEntriesWriter().ToArray(), 1);
        Assert.SkipUnless(running.Source.TlsCapture, "no TLS hook loads on this kernel");
        running.Source.SetTlsCapture(true);
        await using var server = new LoopbackTlsServer(Host);
        var request = $"{node} -e \"require('https').request({{host: '127.0.0.1', servername: '{Host}', port: {server.Port}, " +
            "path: '/v1/chat/completions', method: 'POST', rejectUnauthorized: false, headers: {'content-type': 'application/json'}}, " +
            "r => r.resume()).end(JSON.stringify({model: 'gpt-tyr-test', messages: []}))\"";

        // The first run makes tyrd look at the binary (off the event path); from then on it is hooked.
        Assert.Equal(0, (await agent.RunAsync(request)).ExitCode);
        await WaitAsync(() => running.Source.TlsTargets.Contains(node), running);
        var second = await agent.RunAsync(request);
        Assert.True(second.ExitCode == 0, second.Stderr);

        var call = await running.WaitForAsync(
            e => e.Kind == EventKind.Tls && e.Pid == second.Pid && e.Metadata["tls_source"] == "openssl", "the call through the copied node");
        Assert.Equal(
            (Host, "POST", "/v1/chat/completions", "openai.chat_completions", "gpt-tyr-test"),
            (call.Resource, call.Metadata["method"], call.Metadata["path"], call.Metadata["api"], call.Metadata["model"]));
        Assert.Contains(running.Source.Capabilities.Single(c => c.Kind == EventKind.Tls).Programs, p => p.EndsWith(":" + node, StringComparison.Ordinal));
    }

    private static async Task WaitAsync(Func<bool> condition, RunningSource running)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out; log:\n" + string.Join("\n", running.Log));
            await Task.Delay(20);
        }
    }

    private static string Curl(int port, string key) =>
        $"curl -sS --http1.1 --cacert /dev/null -k --resolve {Host}:{port}:127.0.0.1 https://{Host}:{port}/v1/messages " +
        $"-H 'x-api-key: {key}' -H 'content-type: application/json' " +
        "-d '{\"model\":\"claude-tyr-test\",\"max_tokens\":16,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}'";
}
