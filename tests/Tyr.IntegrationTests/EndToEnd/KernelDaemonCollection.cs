namespace Tyr.IntegrationTests.EndToEnd;

/// <summary>
/// Tests that run tyrd with its BPF programs: the programs of every running tyrd see every process
/// on the host (a discovered agent is tagged, and denied by default, by each), so these tests run
/// one at a time, and not beside each other's agents.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelDaemonCollection
{
    public const string Name = "tyrd with its kernel programs";
}
