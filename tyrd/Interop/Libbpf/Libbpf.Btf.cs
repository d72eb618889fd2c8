using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libbpf
{
    internal const uint BTF_KIND_VAR = 14;
    internal const uint BTF_KIND_DATASEC = 15;

    /// <summary><c>struct btf_type</c> (uapi linux/btf.h); a DATASEC is followed by vlen <see cref="btf_var_secinfo"/>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct btf_type
    {
        public uint name_off;
        public uint info;
        public uint size_or_type;
    }

    /// <summary><c>struct btf_var_secinfo</c> (uapi linux/btf.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct btf_var_secinfo
    {
        public uint type;
        public uint offset;
        public uint size;
    }

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int btf__find_by_name_kind(nint btf, string type_name, uint kind);

    [LibraryImport(LibraryName)]
    internal static unsafe partial btf_type* btf__type_by_id(nint btf, uint id);

    [LibraryImport(LibraryName)]
    internal static partial nint btf__name_by_offset(nint btf, uint offset);
}
