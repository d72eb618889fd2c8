using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.Records;

/// <summary>
/// Mirror of <c>struct tyr_tls_event</c> (bpf/lib/records.h): a ClientHello on a governed
/// process's socket, or plaintext at OpenSSL's API; sent cut after <c>data_len</c> data bytes.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 4176)]
internal unsafe struct tyr_tls_event
{
    public const int AddrOffset = 48;
    public const int CommOffset = 64;
    public const int DataOffset = 80;

    [FieldOffset(0)]
    public tyr_msg_header hdr;

    [FieldOffset(16)]
    public uint tgid;

    [FieldOffset(20)]
    public uint tid;

    [FieldOffset(24)]
    public uint uid;

    [FieldOffset(28)]
    public ushort scope;

    [FieldOffset(30)]
    public byte what;

    [FieldOffset(31)]
    public byte family;

    [FieldOffset(32)]
    public ulong conn;

    [FieldOffset(40)]
    public uint len;

    [FieldOffset(44)]
    public ushort port;

    [FieldOffset(46)]
    public ushort data_len;

    [FieldOffset(AddrOffset)]
    public fixed byte addr[16];

    [FieldOffset(CommOffset)]
    public fixed byte comm[RecordLimits.CommLength];

    [FieldOffset(DataOffset)]
    public fixed byte data[RecordLimits.TlsDataMax];
}
