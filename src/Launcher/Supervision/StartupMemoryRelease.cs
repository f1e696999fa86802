using System.Runtime;
using PromscaleLauncher.Interop;

namespace PromscaleLauncher.Supervision;

/// <summary>
/// Gives back what start-up used and nothing needs any more, once Promscale is up: the preflight's Npgsql and
/// TLS objects and the host's start-up garbage are dead by then, but the GC and glibc (OpenSSL allocates
/// through malloc) keep the pages they held. The launcher then idles for days next to Promscale in a
/// 256 MB container, so one aggressive collection and a malloc_trim are worth their few milliseconds
/// (docs/benchmarks.md, "Idle RSS").
/// </summary>
internal static class StartupMemoryRelease
{
    public static void Run()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        // Aggressive: compacts and decommits every free region instead of keeping them for later allocations.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            _ = NativeMethods.malloc_trim(0);
        }
    }
}
