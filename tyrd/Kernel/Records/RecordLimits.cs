namespace Tyr.Daemon.Kernel.Records;

/// <summary>Sizes from bpf/lib/records.h and bpf/lib/maps.h.</summary>
internal static class RecordLimits
{
    /// <summary>TYR_PATH_MAX: longest path a record carries, NUL included.</summary>
    public const int PathMax = 4096;

    /// <summary>TYR_ARGS_MAX: argv bytes an exec record carries.</summary>
    public const int ArgsMax = 512;

    /// <summary>TYR_COMM_LEN.</summary>
    public const int CommLength = 16;

    /// <summary>TYR_TLS_DATA_MAX: bytes of TLS data a record carries.</summary>
    public const int TlsDataMax = 4096;

    /// <summary>The largest record (<see cref="tyr_exec_event"/>).</summary>
    public const int RecordMax = 4680;

    /// <summary>TYR_LPM_PATH_MAX: path bytes an LPM path key holds.</summary>
    public const int LpmPathMax = 248;

    /// <summary>TYR_EXE_PATH_MAX: path bytes an exact-binary key holds.</summary>
    public const int ExePathMax = 252;

    /// <summary>TYR_GOV_PATH_MAX: path bytes a governed-executable key holds.</summary>
    public const int GovPathMax = 256;
}
