using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using Tyr.IntegrationTests.Harness;
using Tyr.Pki;
using Tyr.Protocol;

namespace Tyr.IntegrationTests;

/// <summary>
/// Effective policies: what each daemon is pushed, when, and the server's drift check of the
/// events judged by it. A hand-driven stream (<see cref="ProbeAgent"/>, with a real enrolled
/// agent's certificate) shows the exact PolicyPush and sends events stamped with a chosen version;
/// a real tyrd shows that pushes arrive at once.
/// </summary>
public sealed class PolicyPushTests() : ServerTest("policy-push")
{
    private static readonly TimeSpan s_timeout = Eventually.DefaultTimeout;

    [Fact]
    public async Task With_nothing_assigned_a_daemon_is_deny_by_default()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "unassigned");
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await using var probe = await ProbeAgent.ConnectAsync(Server, daemon, ["/home/alice"]);

        var push = await probe.NextPolicyAsync();

        Assert.True(push.DenyByDefault);
        Assert.True(push.PolicyVersion > 0, "the deny-by-default state is a stored effective policy too");
        Assert.Empty(push.Overlays);
        Assert.Contains("@id(\"tyr/deny-by-default\")", push.CedarText, StringComparison.Ordinal);
        var effective = await api.EffectiveAsync(daemon.AgentId);
        Assert.True(effective.GetProperty("deny_by_default").GetBoolean());
        Assert.Equal(JsonValueKind.Null, effective.GetProperty("base").ValueKind);
        Assert.Equal(push.PolicyVersion, effective.GetProperty("push_version").GetInt64());
        Assert.Equal(["/home/alice"], effective.GetProperty("homes").EnumerateArray().Select(h => h.GetString()));

        // The server agrees with a DENY judged by it: no drift.
        await probe.SendAsync(ProbeAgent.Event(EventKind.FileRead, "/tmp/notes", Verdict.Deny, push.PolicyVersion));
        await AssertDriftAsync(api, daemon.AgentId, expectedDrifted: [], marker => probe.SendAsync(ProbeAgent.Marker(marker, push.PolicyVersion)));
    }

    [Fact]
    public async Task An_empty_policy_is_not_deny_by_default_has_no_entries_and_denies_nothing()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "empty");
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var empty = await api.ApplyExampleAsync("empty.yaml");
        await api.AssignAsync(empty, "daemon", daemon.AgentId);
        await using var probe = await ProbeAgent.ConnectAsync(Server, daemon, ["/home/alice"]);

        var push = await probe.NextPolicyAsync();

        Assert.False(push.DenyByDefault);
        Assert.Empty(push.Overlays);
        Assert.DoesNotContain("forbid", push.CedarText, StringComparison.Ordinal);
        var effective = await api.EffectiveAsync(daemon.AgentId);
        Assert.False(effective.GetProperty("deny_by_default").GetBoolean());
        Assert.Equal(empty, effective.GetProperty("base").GetProperty("version").GetInt64());
        Assert.Equal("empty", effective.GetProperty("base").GetProperty("name").GetString());
        Assert.Equal(0, effective.GetProperty("bpf_entries_count").GetInt32());
        Assert.Equal(0, effective.GetProperty("routing").GetArrayLength());

        // Nothing is denied: a DENY reported under this policy is drift, the server expects ALLOW.
        var write = ProbeAgent.Event(EventKind.FileWrite, "/etc/passwd", Verdict.Deny, push.PolicyVersion);
        var alert = ProbeAgent.Event(EventKind.Exec, "/usr/bin/rm", Verdict.Alert, push.PolicyVersion);
        await probe.SendAsync(write, alert);
        await AssertDriftAsync(api, daemon.AgentId, [(write.EventId, "ALLOW"), (alert.EventId, "ALLOW")], marker => probe.SendAsync(ProbeAgent.Marker(marker, push.PolicyVersion)));
    }

    [Fact]
    public async Task A_base_and_a_cursor_overlay_merge_with_the_daemon_homes()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "merged");
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var laptop = await api.ApplyExampleAsync("laptop-base.yaml");
        var cursor = await api.ApplyExampleAsync("cursor-overlay.yaml");
        await api.AssignAsync(laptop, "daemon", daemon.AgentId);
        await api.AssignAsync(cursor, "agent_type", "cursor");
        await using var probe = await ProbeAgent.ConnectAsync(Server, daemon, ["/home/alice/", "/root", "/home/bob"]);

        var push = await probe.NextPolicyAsync();

        Assert.False(push.DenyByDefault);
        var overlay = Assert.Single(push.Overlays);
        Assert.Equal(("cursor", cursor, "cursor-overlay", 1u), (overlay.AgentType, overlay.PolicyVersion, overlay.PolicyName, overlay.Scope));
        Assert.Contains("@id(\"base/deny-etc-writes\")", push.CedarText, StringComparison.Ordinal);
        Assert.Contains("@id(\"cursor/deny-ssh-reads\")", push.CedarText, StringComparison.Ordinal);
        Assert.Contains("principal in Tyr::AgentType::\"cursor\"", push.CedarText, StringComparison.Ordinal);
        Assert.Contains("/home/alice/.ssh/", push.CedarText, StringComparison.Ordinal);
        Assert.Contains("/home/bob/.ssh/", push.CedarText, StringComparison.Ordinal);
        Assert.DoesNotContain("<user>", push.CedarText, StringComparison.Ordinal);

        var effective = await api.EffectiveAsync(daemon.AgentId);
        Assert.Equal(push.PolicyVersion, effective.GetProperty("push_version").GetInt64());
        Assert.Equal(["/home/alice", "/home/bob", "/root"], effective.GetProperty("homes").EnumerateArray().Select(h => h.GetString()));
        var routes = effective.GetProperty("routing").EnumerateArray()
            .Select(r => $"{r.GetProperty("scope").GetString()}/{r.GetProperty("rule_id").GetString()} {r.GetProperty("layer").GetString()} {r.GetProperty("kernel_entries").GetInt32()}")
            .ToList();
        Assert.Equal(["base/allow-project-reads kernel 3", "base/deny-etc-writes kernel 1", "cursor/deny-ssh-reads kernel 3"], routes);
        Assert.Equal(7, effective.GetProperty("bpf_entries_count").GetInt32());
        var overlayJson = Assert.Single(effective.GetProperty("overlays").EnumerateArray());
        Assert.Equal("cursor", overlayJson.GetProperty("agent_type").GetString());
        Assert.Equal(1, overlayJson.GetProperty("scope").GetInt32());

        // Reconnecting with the same homes changes nothing: the same push version again.
        await probe.DisposeAsync();
        await using var again = await ProbeAgent.ConnectAsync(Server, daemon, ["/root", "/home/bob", "/home/alice"]);
        Assert.Equal(push.PolicyVersion, (await again.NextPolicyAsync()).PolicyVersion);
    }

    [Fact]
    public async Task Drift_is_flagged_when_an_event_verdict_disagrees_with_the_policy_version_that_judged_it()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "drift");
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await api.AssignAsync(await api.ApplyExampleAsync("laptop-base.yaml"), "daemon", daemon.AgentId);
        await api.AssignAsync(await api.ApplyExampleAsync("cursor-overlay.yaml"), "agent_type", "cursor");
        await using var probe = await ProbeAgent.ConnectAsync(Server, daemon, ["/home/alice"]);
        var version = (await probe.NextPolicyAsync()).PolicyVersion;
        var wouldDeny = new Dictionary<string, string> { ["would_deny"] = "true" };

        var etcWrite = ProbeAgent.Event(EventKind.FileWrite, "/etc/passwd", Verdict.Deny, version);
        var tmpRead = ProbeAgent.Event(EventKind.FileRead, "/tmp/notes", Verdict.Deny, version);
        var observedDeny = ProbeAgent.Event(EventKind.FileWrite, "/etc/hosts", Verdict.Alert, version, wouldDeny);
        var plainAlert = ProbeAgent.Event(EventKind.FileWrite, "/etc/shadow", Verdict.Alert, version);
        var cursorByType = ProbeAgent.Event(EventKind.FileRead, "/home/alice/.ssh/id_ed25519", Verdict.Deny, version, new() { ["agent_type"] = "cursor" });
        var cursorByScope = ProbeAgent.Event(EventKind.FileRead, "/home/alice/.ssh/id_ed25519", Verdict.Deny, version, new() { ["scope"] = "1" });
        var notCursor = ProbeAgent.Event(EventKind.FileRead, "/home/alice/.ssh/id_ed25519", Verdict.Deny, version);
        var allowed = ProbeAgent.Event(EventKind.FileWrite, "/etc/passwd", Verdict.Allow, version);
        var unversioned = ProbeAgent.Event(EventKind.FileRead, "/tmp/notes", Verdict.Deny, 0);
        await probe.SendAsync(etcWrite, tmpRead, observedDeny, plainAlert, cursorByType, cursorByScope, notCursor, allowed, unversioned);

        await AssertDriftAsync(
            api, daemon.AgentId, [(tmpRead.EventId, "ALLOW"), (plainAlert.EventId, "DENY"), (notCursor.EventId, "ALLOW")], marker => probe.SendAsync(ProbeAgent.Marker(marker, version)));
        var all = await api.AllEventsAsync(daemon.AgentId);
        Assert.Equal(9, all.Count(e => !e.GetProperty("resource").GetString()!.StartsWith(MarkerPrefix, StringComparison.Ordinal)));
        Assert.All(all.Where(e => !e.GetProperty("drift").GetBoolean()), e => Assert.Equal(JsonValueKind.Null, e.GetProperty("expected_verdict").ValueKind));
        Assert.Contains($"event {tmpRead.EventId} (FILE_READ /tmp/notes) was DENY under effective policy v{version}, which says ALLOW", Server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_from_a_real_tyrd_are_judged_again_with_the_policy_it_stamped_them_with()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "stamped");
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await api.AssignAsync(await api.ApplyExampleAsync("laptop-base.yaml"), "daemon", daemon.AgentId);
        await daemon.StartAsync();
        var version = await WaitForPushAsync(api, daemon, previous: 0);
        await using var feed = await EventFeed.ConnectAsync(daemon.EventSocket);

        // The test source reports what it is told; tyrd stamps the version in force.
        await feed.SendAsync([EventFeed.Line("FILE_WRITE", "/etc/passwd", "DENY"), EventFeed.Line("FILE_READ", "/tmp/notes", "DENY")]);

        await Eventually.TrueAsync(
            async () => (await api.AllEventsAsync(daemon.AgentId)).Count == 2,
            s_timeout,
            () => "the events did not arrive:\n" + daemon.Output);
        var events = await api.AllEventsAsync(daemon.AgentId);
        Assert.All(events, e => Assert.Equal(version, e.GetProperty("policy_version").GetInt64()));
        var notes = events.Single(e => e.GetProperty("resource").GetString() == "/tmp/notes");
        await AssertDriftAsync(api, daemon.AgentId, [(notes.GetProperty("event_id").GetString()!, "ALLOW")], marker => feed.SendAsync([EventFeed.Line("FILE_READ", marker, "ALERT")]));
    }

    [Fact]
    public async Task An_event_naming_another_daemons_policy_version_is_not_judged_with_it()
    {
        await using var other = await DaemonProcess.EnrollAsync(Server, Directory, "other");
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "liar");
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var othersVersion = (await api.EffectiveAsync(other.AgentId)).GetProperty("push_version").GetInt64();
        await using var probe = await ProbeAgent.ConnectAsync(Server, daemon, []);
        var own = (await probe.NextPolicyAsync()).PolicyVersion;

        var e = ProbeAgent.Event(EventKind.FileRead, "/tmp/x", Verdict.Alert, othersVersion);
        await probe.SendAsync(e);

        await Eventually.TrueAsync(
            () => Server.Output.Contains($"Drift check skipped event {e.EventId}", StringComparison.Ordinal),
            s_timeout,
            () => "the server did not say why it skipped the event:\n" + Server.Output);
        await AssertDriftAsync(api, daemon.AgentId, [], marker => probe.SendAsync(ProbeAgent.Marker(marker, own)));
    }

    [Fact]
    public async Task A_connected_tyrd_gets_every_change_that_concerns_it_at_once_and_only_those()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "live");
        await using var bystander = await DaemonProcess.EnrollAsync(Server, Directory, "bystander");
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await daemon.StartAsync();
        await bystander.StartAsync();
        var start = await WaitForPushAsync(api, daemon, previous: 0);
        Assert.Contains("deny-by-default", daemon.Output, StringComparison.Ordinal);
        var bystanderStart = await WaitForPushAsync(api, bystander, previous: 0);

        // Assign: pushed to that daemon.
        var laptop = await api.ApplyExampleAsync("laptop-base.yaml");
        await api.AssignAsync(laptop, "daemon", daemon.AgentId);
        var assigned = await WaitForPushAsync(api, daemon, start);

        // A new version of the assigned policy: the assignment follows it and it is pushed.
        var laptopYaml = await File.ReadAllTextAsync(Path.Combine(Binaries.RepositoryRoot(), "examples", "policies", "laptop-base.yaml"));
        await api.ApplyPolicyAsync(laptopYaml.Replace("severity: high", "severity: critical", StringComparison.Ordinal), "laptop-base.yaml");
        var applied = await WaitForPushAsync(api, daemon, assigned);

        // Rollback: the same.
        var (status, _) = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/policies/{laptop}/rollback");
        Assert.Equal(201, status);
        var rolledBack = await WaitForPushAsync(api, daemon, applied);

        // An unrelated policy concerns nobody; an agent-type overlay concerns every daemon.
        await api.ApplyExampleAsync("deny-exec.yaml");
        var overlay = await api.ApplyExampleAsync("cursor-overlay.yaml");
        await api.AssignAsync(overlay, "agent_type", "cursor");
        var withOverlay = await WaitForPushAsync(api, daemon, rolledBack);
        var bystanderOverlay = await WaitForPushAsync(api, bystander, bystanderStart);
        var overlays = (await api.EffectiveAsync(daemon.AgentId)).GetProperty("overlays");
        Assert.Equal(overlay, Assert.Single(overlays.EnumerateArray()).GetProperty("version").GetInt64());

        // Unassign both: back to deny-by-default.
        Assert.Equal(200, (await api.SendJsonAsync(HttpMethod.Delete, "/api/v1/assignments/agent_type/cursor")).Status);
        var withoutOverlay = await WaitForPushAsync(api, daemon, withOverlay);
        Assert.Equal(200, (await api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/assignments/daemon/{daemon.AgentId}")).Status);
        var unassigned = await WaitForPushAsync(api, daemon, withoutOverlay);
        Assert.True((await api.EffectiveAsync(daemon.AgentId)).GetProperty("deny_by_default").GetBoolean());

        // The bystander saw the overlay come and go, and nothing of the daemon's own changes.
        await WaitForPushAsync(api, bystander, bystanderOverlay);
        var bystanderPushes = CountPolicyLines(bystander.Output);
        Assert.Equal(3, bystanderPushes);
        Assert.True(unassigned > withoutOverlay);
    }

    [Fact]
    public async Task Acks_do_not_wait_for_the_drift_check()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "busy");
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await api.AssignAsync(await api.ApplyExampleAsync("deny-connect.yaml"), "daemon", daemon.AgentId);
        await using var probe = await ProbeAgent.ConnectAsync(Server, daemon, []);
        var version = (await probe.NextPolicyAsync()).PolicyVersion;
        var events = Enumerable.Range(0, 100)
            .Select(i => ProbeAgent.Event(EventKind.NetConnect, $"10.0.{i / 250}.{(i % 250) + 1}:{(i % 2 == 0 ? 22 : 443)}", Verdict.Deny, version))
            .ToArray();

        var elapsed = await probe.SendAsync(events);

        // Every connect on port 443 is allowed by the policy: 50 drifted events, flagged after the ack.
        await Eventually.TrueAsync(
            async () => (await api.GetJsonAsync($"/api/v1/events?agent_id={daemon.AgentId}&drift=true&limit=1000")).GetProperty("events").GetArrayLength() == 50,
            s_timeout,
            () => "the drift check did not flag the 50 port-443 events:\n" + Server.Output);
        TestContext.Current.SendDiagnosticMessage($"a batch of 100 DENY events was acked in {elapsed.TotalMilliseconds:0.0} ms");
    }

    private static async Task<long> WaitForPushAsync(TyrApi api, DaemonProcess daemon, long previous)
    {
        // The effective policy can move on while we wait: asked before tyrd connected, it was
        // compiled without the daemon's home directories, and its capability report makes a new
        // one. So each try reads the current version and checks that tyrd applied that one.
        long version = 0;
        await Eventually.TrueAsync(
            async () =>
            {
                version = (await api.EffectiveAsync(daemon.AgentId)).GetProperty("push_version").GetInt64();
                // tyrd logs "policy vN: ..." (or "policy vN (...)") for each push it applies.
                return version > previous &&
                    (daemon.Output.Contains($"policy v{version}:", StringComparison.Ordinal) ||
                     daemon.Output.Contains($"policy v{version} (", StringComparison.Ordinal));
            },
            s_timeout,
            () => $"tyrd did not apply an effective policy after v{previous} (last seen v{version}):\n{daemon.Output}");
        return version;
    }

    private static int CountPolicyLines(string output) =>
        output.Split('\n').Count(l => l.Contains("tyrd: info: policy v", StringComparison.Ordinal));

    /// <summary>
    /// Waits until the drift check has judged every event the test sent, then requires exactly
    /// <paramref name="expectedDrifted"/> to be flagged. The check judges events in arrival order,
    /// so the test's events are judged once a marker sent after them is: an ALERT on a path no
    /// policy here mentions, which drifts under every one of them (they say ALLOW, or DENY when
    /// nothing is assigned).
    /// </summary>
    private async Task AssertDriftAsync(TyrApi api, string agentId, (string EventId, string Expected)[] expectedDrifted, Func<string, Task> sendMarker)
    {
        var marker = MarkerPrefix + Guid.NewGuid().ToString("N");
        await sendMarker(marker);
        List<(string EventId, string Resource, string Expected)> drifted = [];
        await Eventually.TrueAsync(
            async () =>
            {
                drifted = await DriftedAsync(api, agentId);
                return drifted.Any(d => d.Resource == marker);
            },
            s_timeout,
            () => $"the drift check did not reach the marker {marker}; flagged so far: [{string.Join(", ", drifted)}]\n{Server.Output}");

        Assert.Equal(
            expectedDrifted.Select(d => $"{d.EventId} {d.Expected}").Order(),
            drifted.Where(d => !d.Resource.StartsWith(MarkerPrefix, StringComparison.Ordinal)).Select(d => $"{d.EventId} {d.Expected}").Order());
    }

    private const string MarkerPrefix = "/tyr-test/drift-marker-";

    private static async Task<List<(string EventId, string Resource, string Expected)>> DriftedAsync(TyrApi api, string agentId)
    {
        var page = await api.GetJsonAsync($"/api/v1/events?agent_id={agentId}&drift=true&limit=1000");
        return [.. page.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("event_id").GetString()!, e.GetProperty("resource").GetString()!, e.GetProperty("expected_verdict").GetString()!))];
    }

    /// <summary>An enrolled agent's stream driven by hand: its pushes are read as they come, its events chosen by the test.</summary>
    private sealed class ProbeAgent : IAsyncDisposable
    {
        private readonly GrpcChannel _channel;
        private readonly AsyncDuplexStreamingCall<AgentMessage, ServerMessage> _call;
        private readonly Channel<PolicyPush> _policies = Channel.CreateUnbounded<PolicyPush>();
        private readonly Channel<BatchAck> _acks = Channel.CreateUnbounded<BatchAck>();
        private readonly Task _reader;
        private ulong _sequence;
        private bool _disposed;

        private ProbeAgent(GrpcChannel channel, AsyncDuplexStreamingCall<AgentMessage, ServerMessage> call)
        {
            _channel = channel;
            _call = call;
            _reader = Task.Run(ReadAsync);
        }

        public static async Task<ProbeAgent> ConnectAsync(ServerProcess server, DaemonProcess daemon, string[] homes)
        {
            var certificate = Pem.LoadCertificateWithKey(Path.Combine(daemon.StateDirectory, "agent.pem"), Path.Combine(daemon.StateDirectory, "agent.key"));
            var channel = GrpcProbe.Channel(server, certificate);
            var call = GrpcProbe.Client(channel).Stream();
            var report = new CapabilityReport { KernelVersion = "test", Arch = "x86_64", AgentVersion = "probe" };
            report.HomeDirectories.AddRange(homes);
            await call.RequestStream.WriteAsync(new AgentMessage { Capabilities = report });
            return new ProbeAgent(channel, call);
        }

        /// <summary>The drift marker of <see cref="AssertDriftAsync"/>.</summary>
        public static Event Marker(string resource, long policyVersion) => Event(EventKind.FileRead, resource, Verdict.Alert, policyVersion);

        public static Event Event(EventKind kind, string resource, Verdict verdict, long policyVersion, Dictionary<string, string>? metadata = null)
        {
            var e = new Event
            {
                EventId = Guid.CreateVersion7().ToString(),
                Kind = kind,
                Resource = resource,
                Verdict = verdict,
                Severity = Severity.High,
                Pid = 4242,
                ProcessExe = "/usr/bin/test-agent",
                Cmdline = "test-agent",
                TimestampNs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100,
                PolicyVersion = policyVersion,
            };
            if (metadata is not null)
            {
                e.Metadata.Add(metadata);
            }

            return e;
        }

        public async Task<PolicyPush> NextPolicyAsync()
        {
            using var timeout = new CancellationTokenSource(s_timeout);
            return await _policies.Reader.ReadAsync(timeout.Token);
        }

        /// <summary>Sends one batch and waits for its ack; answers how long the ack took.</summary>
        public async Task<TimeSpan> SendAsync(params Event[] events)
        {
            var batch = new EventBatch { Sequence = ++_sequence };
            batch.Events.AddRange(events);
            var started = Stopwatch.GetTimestamp();
            await _call.RequestStream.WriteAsync(new AgentMessage { EventBatch = batch });
            using var timeout = new CancellationTokenSource(s_timeout);
            var ack = await _acks.Reader.ReadAsync(timeout.Token);
            var elapsed = Stopwatch.GetElapsedTime(started);
            Assert.Equal(batch.Sequence, ack.Sequence);
            Assert.Equal((uint)events.Length, ack.Stored);
            return elapsed;
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                await _call.RequestStream.CompleteAsync();
                await _reader.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is RpcException or TimeoutException or InvalidOperationException)
            {
                // The stream is going away either way.
            }

            _call.Dispose();
            _channel.Dispose();
        }

        private async Task ReadAsync()
        {
            try
            {
                await foreach (var message in _call.ResponseStream.ReadAllAsync())
                {
                    switch (message.PayloadCase)
                    {
                        case ServerMessage.PayloadOneofCase.Policy:
                            _policies.Writer.TryWrite(message.Policy);
                            break;
                        case ServerMessage.PayloadOneofCase.BatchAck:
                            _acks.Writer.TryWrite(message.BatchAck);
                            break;
                    }
                }
            }
            catch (RpcException)
            {
                // Ended by the server or by DisposeAsync; the readers time out if it matters.
            }
        }
    }
}
