namespace PromscaleLauncher.FakePromscale.Logging;

/// <summary>go-kit log levels, in increasing severity (<c>pkg/log/log.go</c>).</summary>
internal enum LogLevel
{
    Debug,
    Info,
    Warn,
    Error,
}
