using BenchmarkDotNet.Running;
using PromscaleLauncher.Benchmarks.Micro;
using PromscaleLauncher.Benchmarks.Processes;

// `processes ...`: the process harness (bench/run starts it with the binaries and the database it prepared);
// anything else goes to BenchmarkDotNet's switcher (e.g. `--filter '*'`).
if (args is ["processes", .. var options])
{
    return await ProcessBenchmarks.RunAsync(options);
}

BenchmarkSwitcher.FromAssembly(typeof(LogLineBenchmarks).Assembly).Run(args, MicroConfig.Create());
return 0;
