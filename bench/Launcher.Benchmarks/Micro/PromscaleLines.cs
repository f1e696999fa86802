namespace PromscaleLauncher.Benchmarks.Micro;

/// <summary>Promscale lines as the launcher meets them (docs/promscale.md §4), one per shape that costs differently.</summary>
internal static class PromscaleLines
{
    public const string DatabasePassword = "s3cr3t-db-password";
    public const string WebPassword = "basic-auth-password";

    /// <summary>What FAKE_PROMSCALE_LOG_BURST writes, and what bench/run forwards a million of.</summary>
    public const string Burst = "level=info ts=2026-11-25T21:57:41.721Z caller=burst.go:1 msg=\"burst line 199999\"";

    /// <summary>A typical steady-state line: quoted values, an error, a number.</summary>
    public const string Warning = "level=warn ts=2023-01-11T10:00:00.000Z caller=write.go:244 msg=\"Error sending samples to remote storage\" err=\"connection refused\" num_samples=45";

    /// <summary>0.10's pool line: a connection URL whose password must be masked.</summary>
    public const string Pool = "level=info ts=2023-01-11T10:00:00.000Z caller=client.go:104 msg=postgresql://promscale:" + DatabasePassword
        + "@db.example.com:5432/promscale?sslmode=require&application_name=promscale%400.10.0 numCopiers=2 pool_max_conns=94 pool_min_conns=2 statement_cache=\"512 statements\"";

    public static string Get(string name) => name switch
    {
        nameof(Burst) => Burst,
        nameof(Warning) => Warning,
        nameof(Pool) => Pool,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown line"),
    };
}
