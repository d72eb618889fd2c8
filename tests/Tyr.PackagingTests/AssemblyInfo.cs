using Tyr.PackagingTests.Harness;

// The packages are built once (a few seconds) and shared by every test.
[assembly: AssemblyFixture(typeof(BuiltPackages))]

// Two at a time suit a 2-core machine; the install test is the only one that changes the host.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
