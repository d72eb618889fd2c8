namespace Tyr.Daemon.Kernel.Records;

/// <summary><c>enum tyr_op</c> (bpf/lib/records.h): what follows a record's header. Never renumbered.</summary>
internal enum TyrOp : byte
{
    File = 1,
    Exec = 2,
    Connect = 3,
    Exit = 4,
    ProcessExec = 5,
    Fork = 6,
    Tls = 7,
}
