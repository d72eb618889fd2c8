using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Tyr.Agents;
using Tyr.Daemon.Agents;
using Tyr.Daemon.Kernel.Records;
using Tyr.Daemon.Kernel.Tls;
using Tyr.Policy;
using Tyr.Protocol;

namespace Tyr.Daemon.Kernel.Decoding;

/// <summary>
/// Turns one ring-buffer record into a <see cref="Event"/> (or into a process-cache update, for
/// exit records). Records are checked before they are read: a size that does not match the header,
/// an unknown op or a cut tail make the record malformed, counted and skipped.
/// </summary>
internal sealed unsafe class RecordParser(
    ProcessCache processes,
    BootClock clock,
    AgentDiscovery? agents = null,
    TlsConnections? tls = null,
    Action<string>? governedImage = null,
    string helloHook = "fentry/tcp_sendmsg")
{
    private readonly Queue<Event> _pending = new();

    // A record shorter than its struct (the path tail is cut to its length) is read through a copy.
    private readonly byte[] _scratch = new byte[RecordLimits.RecordMax];

    public ulong Malformed { get; private set; }

    public Event? Parse(ReadOnlySpan<byte> record)
    {
        if (record.Length < sizeof(tyr_msg_header))
        {
            return Reject();
        }

        var header = MemoryMarshal.Read<tyr_msg_header>(record);
        if (header.size != record.Length)
        {
            return Reject();
        }

        return (TyrOp)header.op switch
        {
            TyrOp.File => ParseFile(record),
            TyrOp.Exec => ParseExec(record),
            TyrOp.Connect => ParseConnect(record),
            TyrOp.Exit => ParseExit(record),
            TyrOp.ProcessExec => ParseProcessExec(record),
            TyrOp.Fork => ParseFork(record),
            TyrOp.Tls => ParseTls(record),
            _ => Reject(),
        };
    }

    /// <summary>Events a record made beyond the one <see cref="Parse"/> returned (a TLS record can finish several exchanges).</summary>
    public bool TryTakePending([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Event? ev) => _pending.TryDequeue(out ev);

    private Event? ParseTls(ReadOnlySpan<byte> record)
    {
        if (record.Length < tyr_tls_event.DataOffset)
        {
            return Reject();
        }

        ref readonly var e = ref View<tyr_tls_event>(record);
        var data = record[tyr_tls_event.DataOffset..];
        if (e.data_len > data.Length || e.data_len > RecordLimits.TlsDataMax)
        {
            return Reject();
        }

        data = data[..e.data_len];
        if (tls is null)
        {
            return null;
        }

        var origin = new TlsOrigin(e.tgid, e.tid, e.uid, e.scope, CString(record.Slice(tyr_tls_event.CommOffset, RecordLimits.CommLength)));
        switch ((TyrTlsWhat)e.what)
        {
            case TyrTlsWhat.Hello:
                tls.OnHello(origin, data, TlsConnections.Destination(e.family, record.Slice(tyr_tls_event.AddrOffset, 16), e.port));
                break;
            case TyrTlsWhat.ServerName:
                tls.OnServerName(origin, e.conn, data);
                break;
            case TyrTlsWhat.Write or TyrTlsWhat.Read:
                tls.OnData(origin, e.conn, written: e.what == (byte)TyrTlsWhat.Write, data, e.len);
                break;
            default:
                return Reject();
        }

        return TakeTlsEvents(e.hdr.ktime);
    }

    private Event? TakeTlsEvents(ulong ktime)
    {
        Event? first = null;
        while (tls!.TryTake(out var finding))
        {
            var ev = TlsEvent(ktime, finding!);
            if (first is null)
            {
                first = ev;
            }
            else
            {
                _pending.Enqueue(ev);
            }
        }

        return first;
    }

    private Event TlsEvent(ulong ktime, TlsFinding finding)
    {
        var origin = finding.Origin;
        var ev = ProcessEvent(ktime, EventKind.Tls, origin.Tgid, origin.Tid, origin.Uid, origin.Scope, origin.Comm);
        ev.Verdict = Verdict.Allow;
        ev.Severity = Severity.Info;
        var metadata = ev.Metadata;
        metadata["enforced"] = "false";

        switch (finding)
        {
            case HandshakeFinding hello:
                ev.Resource = hello.Hello.ServerName ?? hello.Destination;
                metadata["hook"] = helloHook;
                metadata["tls_source"] = "client_hello";
                metadata["destination"] = hello.Destination;
                metadata["alpn"] = string.Join(",", hello.Hello.Alpn);
                metadata["tls13"] = hello.Hello.OffersTls13 ? "true" : "false";
                if (hello.Hello.ServerName is null)
                {
                    metadata["sni_missing"] = "true";
                }

                break;
            case ExchangeFinding exchange:
                var call = exchange.Call;
                ev.Resource = exchange.ServerName ?? HostName(call.Host) ?? "";
                metadata["hook"] = TyrHookNames.Of((byte)(exchange.Inbound ? TyrHook.UprobeSslRead : TyrHook.UprobeSslWrite));
                metadata["tls_source"] = "openssl";
                metadata["direction"] = exchange.Inbound ? "inbound" : "outbound";
                metadata["method"] = call.Method;
                metadata["path"] = call.Path;
                metadata["api"] = call.ApiName;
                metadata["status"] = call.StatusCode.ToString(CultureInfo.InvariantCulture);
                metadata["request_bytes"] = call.RequestBodyBytes.ToString(CultureInfo.InvariantCulture);
                metadata["response_bytes"] = call.ResponseBodyBytes.ToString(CultureInfo.InvariantCulture);
                // The request's flag when it was within what was captured; else what the server did.
                metadata["stream"] = (call.Stream ?? (call.ResponseIsEventStream ? true : null)) switch
                {
                    true => "true",
                    false => "false",
                    null => "unknown",
                };
                AddIfSet(metadata, "host", call.Host);
                AddIfSet(metadata, "model", call.Model);
                AddIfSet(metadata, "response_type", call.ResponseContentType);
                AddIfSet(metadata, "request_body", call.CapturedRequestBody);
                AddIfSet(metadata, "response_body", call.CapturedResponseBody);
                if (call.Truncated)
                {
                    metadata["truncated"] = "true";
                }

                break;
        }

        return ev;
    }

    private static void AddIfSet(Google.Protobuf.Collections.MapField<string, string> metadata, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            metadata[key] = value;
        }
    }

    /// <summary>A Host header's name without its port ("localhost:8443" → "localhost", "[::1]:8443" → "::1").</summary>
    private static string? HostName(string? host)
    {
        if (host is null)
        {
            return null;
        }

        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? host[1..close] : host;
        }

        var colon = host.LastIndexOf(':');
        return colon > 0 ? host[..colon] : host;
    }

    private Event? ParseFile(ReadOnlySpan<byte> record)
    {
        if (record.Length <= tyr_file_event.PathOffset)
        {
            return Reject();
        }

        ref readonly var e = ref View<tyr_file_event>(record);
        var path = Tail(record, tyr_file_event.PathOffset, e.path_len);
        if (path is null)
        {
            return Reject();
        }

        var ev = NewEvent(e.hdr, e.ev, record, path);
        ev.Metadata["open_flags"] = "0x" + e.open_flags.ToString("x", CultureInfo.InvariantCulture);
        return ev;
    }

    private Event? ParseExec(ReadOnlySpan<byte> record)
    {
        if (record.Length <= tyr_exec_event.PathOffset)
        {
            return Reject();
        }

        ref readonly var e = ref View<tyr_exec_event>(record);
        var path = Tail(record, tyr_exec_event.PathOffset, e.path_len);
        if (path is null || e.args_len > RecordLimits.ArgsMax)
        {
            return Reject();
        }

        var ev = NewEvent(e.hdr, e.ev, record, path);
        if (e.args_len > 0)
        {
            // After the exec (sched_process_exec): the process is the new image, with this argv.
            ev.ProcessExe = path;
            ev.Cmdline = ProcessCache.JoinArgs(record.Slice(tyr_exec_event.ArgsOffset, e.args_len));
        }

        return ev;
    }

    private Event? ParseConnect(ReadOnlySpan<byte> record)
    {
        if (record.Length != sizeof(tyr_connect_event))
        {
            return Reject();
        }

        ref readonly var e = ref View<tyr_connect_event>(record);
        var bytes = record.Slice(tyr_connect_event.AddrOffset, 16);
        IPAddress address;
        string resource;
        switch (e.family)
        {
            case 2: // AF_INET
                address = new IPAddress(bytes[..4]);
                resource = $"{address}:{e.port}";
                break;
            case 10: // AF_INET6
                address = new IPAddress(bytes);
                resource = $"[{address}]:{e.port}";
                break;
            default:
                return Reject();
        }

        var ev = NewEvent(e.hdr, e.ev, record, resource);
        ev.Metadata["protocol"] = e.protocol switch
        {
            6 => "tcp",
            17 => "udp",
            0 => "unknown",
            var other => other.ToString(CultureInfo.InvariantCulture),
        };
        return ev;
    }

    private Event? ParseProcessExec(ReadOnlySpan<byte> record)
    {
        if (record.Length <= tyr_process_event.PathOffset)
        {
            return Reject();
        }

        ref readonly var e = ref View<tyr_process_event>(record);
        var path = Tail(record, tyr_process_event.PathOffset, e.path_len);
        if (path is null || e.args_len > RecordLimits.ArgsMax)
        {
            return Reject();
        }

        var args = record.Slice(tyr_process_event.ArgsOffset, e.args_len);
        var flags = (TyrProcessFlags)e.flags;
        if ((flags & TyrProcessFlags.Governed) != 0)
        {
            // Only governed processes have events to describe; other execs are for discovery alone.
            processes.Exec(e.tgid, path, ProcessCache.JoinArgs(args));
            governedImage?.Invoke(path);
        }

        agents?.OnExec(new ProcessExec(
            e.tgid,
            e.parent_tgid,
            path,
            ProcfsFacts.SplitArgv(args),
            ArgvComplete: e.args_len < RecordLimits.ArgsMax,
            Governed: (flags & TyrProcessFlags.Governed) != 0,
            TaggedByKernel: (flags & TyrProcessFlags.Tagged) != 0,
            e.scope,
            e.start_time,
            e.hdr.ktime));
        return null;
    }

    private Event? ParseFork(ReadOnlySpan<byte> record)
    {
        if (record.Length != sizeof(tyr_fork_event))
        {
            return Reject();
        }

        var e = MemoryMarshal.Read<tyr_fork_event>(record);
        processes.Fork(e.parent_tgid, e.tgid);
        agents?.OnFork(e.parent_tgid, e.tgid);
        return null;
    }

    private Event? ParseExit(ReadOnlySpan<byte> record)
    {
        if (record.Length != sizeof(tyr_exit_event))
        {
            return Reject();
        }

        var e = MemoryMarshal.Read<tyr_exit_event>(record);
        agents?.OnExit(e.tgid, e.hdr.ktime);
        Event? truncated = null;
        if (tls is not null)
        {
            // Exchanges still open when the process ended are reported, marked truncated.
            tls.OnExit(e.tgid);
            truncated = TakeTlsEvents(e.hdr.ktime);
        }

        processes.Forget(e.tgid);
        return truncated;
    }

    private Event NewEvent(in tyr_msg_header header, in tyr_event_common common, ReadOnlySpan<byte> record, string resource)
    {
        var flags = (TyrEventFlags)common.flags;
        var comm = CString(record.Slice(sizeof(tyr_msg_header) + tyr_event_common.CommOffset, tyr_event_common.CommLength));
        var ev = ProcessEvent(header.ktime, (EventKind)common.kind, common.tgid, common.tid, common.uid, common.scope, comm);
        ev.Resource = resource;
        ev.Verdict = (Verdict)common.verdict;
        ev.Severity = (Severity)common.severity;
        ev.PolicyVersion = (long)common.policy_version;

        var metadata = ev.Metadata;
        metadata["hook"] = TyrHookNames.Of(common.hook);
        metadata["enforced"] = (flags & TyrEventFlags.Enforced) != 0 ? "true" : "false";
        metadata["governed_by"] = (flags & TyrEventFlags.Cgroup) != 0 ? "cgroup" : "process";
        if (common.rule_id != 0)
        {
            metadata["rule_id"] = common.rule_id.ToString(CultureInfo.InvariantCulture);
        }

        AddFlag(metadata, flags, TyrEventFlags.DenyAll, "deny_by_default");
        AddFlag(metadata, flags, TyrEventFlags.Default, "default_verdict");
        AddFlag(metadata, flags, TyrEventFlags.WouldDeny, "would_deny");
        AddFlag(metadata, flags, TyrEventFlags.PathRelative, "path_relative");
        AddFlag(metadata, flags, TyrEventFlags.PathTruncated, "path_truncated");
        AddFlag(metadata, flags, TyrEventFlags.PathMissing, "path_missing");
        AddFlag(metadata, flags, TyrEventFlags.V4Mapped, "ipv4_mapped");
        AddFlag(metadata, flags, TyrEventFlags.Unstable, "policy_unstable");
        return ev;
    }

    /// <summary>An event of process <paramref name="tgid"/>: its id, time, image, agent, and who did it (tid, uid, comm, scope, agent type).</summary>
    private Event ProcessEvent(ulong ktime, EventKind kind, uint tgid, uint tid, uint uid, ushort scope, string comm)
    {
        var timestamp = clock.ToUnixNanoseconds(ktime);
        var ev = new Event
        {
            EventId = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(timestamp / 1_000_000)).ToString(),
            Kind = kind,
            Pid = tgid,
            TimestampNs = timestamp,
        };
        (ev.ProcessExe, ev.Cmdline) = processes.Get(tgid);
        if (agents?.Stamp(tgid, timestamp) is { } agent)
        {
            ev.DiscoveredAgentId = agent;
        }

        var metadata = ev.Metadata;
        metadata["tid"] = tid.ToString(CultureInfo.InvariantCulture);
        metadata["uid"] = uid.ToString(CultureInfo.InvariantCulture);
        metadata["comm"] = comm;
        metadata["scope"] = scope.ToString(CultureInfo.InvariantCulture);
        if (AgentTypes.NameOf(scope) is { } agentType)
        {
            metadata["agent_type"] = agentType;
        }

        return ev;
    }

    private static void AddFlag(Google.Protobuf.Collections.MapField<string, string> metadata, TyrEventFlags flags, TyrEventFlags flag, string name)
    {
        if ((flags & flag) != 0)
        {
            metadata[name] = "true";
        }
    }

    /// <summary>A record's struct, read in place when the record is whole, else through a zero-filled copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref readonly T View<T>(ReadOnlySpan<byte> record)
        where T : unmanaged
    {
        if (record.Length >= sizeof(T))
        {
            return ref MemoryMarshal.AsRef<T>(record);
        }

        record.CopyTo(_scratch);
        _scratch.AsSpan(record.Length, sizeof(T) - record.Length).Clear();
        return ref MemoryMarshal.AsRef<T>(_scratch.AsSpan(0, sizeof(T)));
    }

    /// <summary>The variable tail: <paramref name="length"/> bytes and a NUL, exactly to the record's end.</summary>
    private static string? Tail(ReadOnlySpan<byte> record, int offset, int length)
    {
        if (offset + length + 1 != record.Length || record[offset + length] != 0)
        {
            return null;
        }

        return Encoding.UTF8.GetString(record.Slice(offset, length));
    }

    private static string CString(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    private Event? Reject()
    {
        Malformed++;
        return null;
    }
}
