namespace Tyr.Daemon.Kernel.Records;

/// <summary><c>enum tyr_hook</c> (bpf/lib/records.h): the program that produced an event. Never renumbered.</summary>
internal enum TyrHook : byte
{
    LsmFileOpen = 1,
    TpOpenat = 2,
    TpOpenat2 = 3,
    TpOpen = 4,
    TpCreat = 5,
    LsmBprmCheck = 6,
    TpSchedExec = 7,
    LsmSocketConnect = 8,
    CgroupConnect4 = 9,
    CgroupConnect6 = 10,
    TpConnect = 11,
    SchedExit = 12,
    FentryTcpSendmsg = 13,
    UprobeSslWrite = 14,
    UprobeSslRead = 15,
    UprobeSslCtrl = 16,
}
