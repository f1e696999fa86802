namespace PromscaleLauncher.Maintenance;

/// <summary>What `check` reads about retention from a database with Promscale's schema.</summary>
internal sealed record RetentionReading(
    TimeSpan DefaultRetention,
    IReadOnlyList<MetricRetention> Metrics,
    string? TimescaleDbLicense,
    bool? PromscaleJobScheduled);
