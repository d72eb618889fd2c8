namespace Tyr.Daemon.Kernel.Loading;

/// <summary>A program of an open <see cref="BpfObject"/> (a <c>struct bpf_program *</c>, owned by the object).</summary>
/// <param name="Name">The C function, e.g. "handle_file_open".</param>
/// <param name="Section">The ELF section, which says how it attaches, e.g. "lsm/file_open".</param>
internal readonly record struct BpfProgram(nint Handle, string Name, string Section);
