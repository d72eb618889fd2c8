namespace Tyr.Daemon.Agents;

/// <summary>One exec the kernel reported (<c>struct tyr_process_event</c>), as discovery needs it.</summary>
/// <param name="Tgid">The process.</param>
/// <param name="ParentTgid">Its real parent.</param>
/// <param name="Exe">The new image's path.</param>
/// <param name="Argv">Its argv as the kernel sent it.</param>
/// <param name="ArgvComplete">False when argv filled the record's 512 bytes and may be cut.</param>
/// <param name="Governed">Governed after the exec.</param>
/// <param name="TaggedByKernel">This exec tagged it (the binary is in tyr_gov_exes).</param>
/// <param name="Scope">Its rule scope after the exec, when governed.</param>
/// <param name="StartBootNs">The process's start (task->start_boottime).</param>
/// <param name="ExecBootNs">When the exec happened (the record's ktime).</param>
internal readonly record struct ProcessExec(
    uint Tgid,
    uint ParentTgid,
    string Exe,
    IReadOnlyList<string> Argv,
    bool ArgvComplete,
    bool Governed,
    bool TaggedByKernel,
    ushort Scope,
    ulong StartBootNs,
    ulong ExecBootNs);
