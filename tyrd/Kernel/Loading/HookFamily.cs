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

    /// <summary>The families besides "process", which is always loaded first.</summary>
    public static readonly IReadOnlyList<HookFamily> All = [File, Exec, Net];
}
