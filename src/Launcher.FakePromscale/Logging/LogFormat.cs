namespace PromscaleLauncher.FakePromscale.Logging;

/// <summary><c>telemetry.log.format</c> values.</summary>
internal enum LogFormat
{
    Logfmt,
    Json,
}
