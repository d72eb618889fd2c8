// The tests load BPF programs into the one kernel and count its events: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
