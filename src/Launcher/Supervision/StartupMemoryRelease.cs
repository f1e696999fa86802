using System.Runtime;
using PromscaleLauncher.Interop;

namespace PromscaleLauncher.Supervision;

/// <summary>
/// Gives back what start-up used and nothing needs any more, once Promscale is up: the preflight's Npgsql and
/// TLS objects and the host's start-up garbage are dead by then, but the GC and glibc (OpenSSL allocates
/// through malloc) keep the pages they held. The launcher then idles for days next to Promscale in a
/// 256 MB container, so one aggressive collection and a malloc_trim are worth their few milliseconds
/// (docs/benchmarks.md, "Idle RSS"). Then the clean file pages start-up touched (the binary's code, libssl and
/// libcrypto: three quarters of the idle RSS) are paged out: they come back from the page cache if ever needed.
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
            PageOutFileMappings();
        }
    }

    // MADV_PAGEOUT (Linux >= 5.4) on the read-only and executable file mappings of /proc/self/maps: their pages are
    // clean, so reclaiming them writes nothing, and the kernel leaves those other processes map too. On an older
    // kernel it fails with EINVAL and changes nothing.
    private static void PageOutFileMappings()
    {
        string[] maps;
        try
        {
            maps = File.ReadAllLines("/proc/self/maps");
        }
        catch (IOException)
        {
            return;
        }
        foreach (var line in maps)
        {
            // "start-end perms offset dev inode path": a mapping of a file has an absolute path.
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || !fields[5].StartsWith('/') || fields[1].Contains('w'))
            {
                continue;
            }
            var range = fields[0].Split('-');
            var start = nint.Parse(range[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            var end = nint.Parse(range[1], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            _ = NativeMethods.madvise(start, (nuint)(end - start), NativeMethods.PageOut);
        }
    }
}
