using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Tyr.Bench.SampleEvents).Assembly).Run(args);
