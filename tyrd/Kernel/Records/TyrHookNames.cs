namespace Tyr.Daemon.Kernel.Records;

/// <summary>The section name of each <see cref="TyrHook"/>: what events carry as metadata "hook".</summary>
internal static class TyrHookNames
{
    public static string Of(byte hook) => (TyrHook)hook switch
    {
        TyrHook.LsmFileOpen => "lsm/file_open",
        TyrHook.TpOpenat => "tracepoint/syscalls/sys_enter_openat",
        TyrHook.TpOpenat2 => "tracepoint/syscalls/sys_enter_openat2",
        TyrHook.TpOpen => "tracepoint/syscalls/sys_enter_open",
        TyrHook.TpCreat => "tracepoint/syscalls/sys_enter_creat",
        TyrHook.LsmBprmCheck => "lsm/bprm_check_security",
        TyrHook.TpSchedExec => "tp_btf/sched_process_exec",
        TyrHook.LsmSocketConnect => "lsm/socket_connect",
        TyrHook.CgroupConnect4 => "cgroup/connect4",
        TyrHook.CgroupConnect6 => "cgroup/connect6",
        TyrHook.TpConnect => "tracepoint/syscalls/sys_enter_connect",
        TyrHook.SchedExit => "tp_btf/sched_process_exit",
        TyrHook.FentryTcpSendmsg => "fentry/tcp_sendmsg",
        TyrHook.UprobeSslWrite => "uprobe/SSL_write",
        TyrHook.UprobeSslRead => "uretprobe/SSL_read",
        TyrHook.UprobeSslCtrl => "uprobe/SSL_ctrl",
        _ => $"hook {hook}",
    };
}
