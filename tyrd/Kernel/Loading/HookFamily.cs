using Tyr.Protocol;

namespace Tyr.Daemon.Kernel.Loading;

/// <summary>
/// A hook family: one .bpf.o (bpf/&lt;family&gt;/&lt;family&gt;.bpf.c), the event kinds it provides,
/// and its variants in order of preference. The loader tries each variant by really loading and
/// attaching it, and keeps the first that works.
/// </summary>
internal sealed record HookFamily(string Name, IReadOnlyList<EventKind> Kinds, IReadOnlyList<HookVariant> Variants)
{
    public static readonly HookFamily File = new(
        "file",
        [EventKind.FileRead, EventKind.FileWrite],
        [
            new HookVariant("lsm", HookSupport.Enforced, ["handle_file_open"]),
            new HookVariant("tracepoint", HookSupport.Observed, ["handle_openat", "handle_openat2", "handle_open", "handle_creat"]),
        ]);

    public static readonly HookFamily Exec = new(
        "exec",
        [EventKind.Exec],
        [
            new HookVariant("lsm", HookSupport.Enforced, ["handle_bprm_check"]),
            new HookVariant("tracepoint", HookSupport.Observed, ["handle_exec_observe"]),
        ]);

    public static readonly HookFamily Net = new(
        "net",
        [EventKind.NetConnect],
        [
            new HookVariant("lsm", HookSupport.Enforced, ["handle_socket_connect"]),
            new HookVariant("cgroup", HookSupport.Enforced, ["handle_connect4", "handle_connect6"]),
            new HookVariant("tracepoint", HookSupport.Observed, ["handle_enter_connect"]),
        ]);

    /// <summary>
    /// TLS: the ClientHello of any library at tcp_sendmsg, and OpenSSL's plaintext through uprobes,
    /// which load here and are attached per binary later (<see cref="Tls.UprobeAttacher"/>).
    /// </summary>
    private static readonly string[] s_sslProbes =
        ["handle_ssl_write", "handle_ssl_write_ex", "handle_ssl_read", "handle_ssl_read_ex", "handle_ssl_read_return", "handle_ssl_ctrl"];

    public static readonly HookFamily Tls = new(
        "tls",
        [EventKind.Tls],
        [
            new HookVariant("fentry", HookSupport.Observed, ["handle_tcp_sendmsg", .. s_sslProbes]),
            new HookVariant(
                "tracepoint",
                HookSupport.Observed,
                ["handle_enter_write", "handle_enter_writev", "handle_enter_sendto", "handle_enter_sendmsg", .. s_sslProbes]),
        ]);

    /// <summary>The families besides "process", which is always loaded first.</summary>
    public static readonly IReadOnlyList<HookFamily> All = [File, Exec, Net, Tls];
}
