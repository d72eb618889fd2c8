namespace Tyr.BpfEntries;

/// <summary>One map entry of a bpf-entries blob, bytes exactly as the kernel map takes them (generation 0).</summary>
public readonly record struct BpfEntry(BpfEntryMap Map, byte[] Key, byte[] Value);
