namespace Tyr.Daemon.Agents;

/// <summary>Where discovery writes what it found: the kernel's tables of governed processes and binaries.</summary>
internal interface IProcessTagger
{
    /// <summary>Governs the running process <paramref name="tgid"/> with <paramref name="scope"/> (its children inherit it).</summary>
    void Tag(uint tgid, ushort scope);

    /// <summary>
    /// From now on the kernel tags every exec of <paramref name="executable"/> itself, with
    /// <paramref name="scope"/>. False when it cannot (the table is full, the path too long).
    /// </summary>
    bool GovernExecutable(string executable, ushort scope);

    /// <summary>Whether the kernel already tags execs of <paramref name="executable"/>.</summary>
    bool IsGovernedExecutable(string executable);
}
