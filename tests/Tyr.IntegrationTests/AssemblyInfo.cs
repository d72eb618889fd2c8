// Every test starts real servers and daemons; two at a time suit a 2-core machine.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
