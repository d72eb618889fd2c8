namespace Tyr.Daemon.Kernel.Entries;

/// <summary>One map entry of a bpf-entries blob, bytes exactly as the kernel map takes them (generation 0).</summary>
internal readonly record struct BpfEntry(BpfEntryMap Map, byte[] Key, byte[] Value);
