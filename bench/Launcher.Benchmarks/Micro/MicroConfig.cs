using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PromscaleLauncher.Benchmarks.Micro;

/// <summary>
/// In-process jobs (no generated project to build: the repository's warnings-as-errors props would apply to it),
/// few iterations (bench/run measures whole processes too), allocations per operation, a GitHub-markdown table
/// that bench/run copies into docs/benchmarks.md. BENCH_MICRO_ARTIFACTS chooses where the reports go.
/// </summary>
internal static class MicroConfig
{
    public static IConfig Create()
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithId("in-process");
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithOptions(ConfigOptions.DisableLogFile);
        var artifacts = Environment.GetEnvironmentVariable("BENCH_MICRO_ARTIFACTS");
        return string.IsNullOrEmpty(artifacts) ? config : config.WithArtifactsPath(artifacts);
    }
}
