using Microsoft.Extensions.Logging;

namespace PromscaleLauncher.Logging;

/// <summary>`promscale-launcher export`'s events (Export/; docs/export.md, docs/diagnostics.md "Export"): ids 100–119.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Export to {Target}: {Metrics} metric(s), {Windows} window(s) of {Window} from {RangeStart} to {RangeEnd}, {BatchSamples} samples per request, {Concurrency} at a time{Mode}")]
    public static partial void ExportStarting(ILogger logger, string target, int metrics, int windows, string window, string rangeStart, string rangeEnd, int batchSamples, int concurrency, string mode);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Export: changing the database: {Change}. Remove it after the export with: {Removal}")]
    public static partial void ExportDatabaseChange(ILogger logger, string change, string removal);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Export progress: {Samples} samples sent ({SamplesPerSecond}/s), windows {WindowsDone}/{WindowsTotal}, ETA {Eta}")]
    public static partial void ExportProgress(ILogger logger, long samples, long samplesPerSecond, int windowsDone, int windowsTotal, string eta);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Export of {Metric}: {Samples} samples in {Series} series over {WindowsSent} window(s) sent, {WindowsSkipped} window(s) already sent by an earlier run")]
    public static partial void ExportMetricSummary(ILogger logger, string metric, long samples, long series, int windowsSent, int windowsSkipped);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Export done in {DurationMs} ms: {Samples} samples ({SamplesPerSecond}/s) in {Windows} window(s) to {Target}. Not exported: {NotExported}")]
    public static partial void ExportDone(ILogger logger, long durationMs, long samples, long samplesPerSecond, int windows, string target, string notExported);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Export dry run, {Metric} (table prom_data.{Table}): {Samples} samples in {Windows} window(s); nothing sent, nothing written")]
    public static partial void ExportDryRunMetric(ILogger logger, string metric, string table, long samples, int windows);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Export: the receiver {Target} answered {Status} ({Reason}); attempt {Attempt}, retrying in {RetryInSeconds} s ({RemainingSeconds} s left before giving up)")]
    public static partial void ExportReceiverRetry(ILogger logger, string target, string status, string reason, int attempt, double retryInSeconds, int remainingSeconds);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "Export: the receiver {Target} refused the samples of {Metric} in [{WindowStart}, {WindowEnd}) with {Status}: {Message}. Fix: {Fix}")]
    public static partial void ExportReceiverRejected(ILogger logger, string target, string metric, string windowStart, string windowEnd, int status, string message, string fix);

    [LoggerMessage(EventId = 108, Level = LogLevel.Error, Message = "Export: the receiver {Target} refused the credentials with {Status} ({Credentials}); nothing more is sent. Fix: {Fix}")]
    public static partial void ExportReceiverUnauthorized(ILogger logger, string target, int status, string credentials, string fix);

    [LoggerMessage(EventId = 109, Level = LogLevel.Error, Message = "Export: the receiver {Target} stayed unavailable for {Attempts} attempts over {ElapsedSeconds} s: {Message}. Fix: check the receiver, then run the same command with --resume")]
    public static partial void ExportReceiverUnavailable(ILogger logger, string target, int attempts, int elapsedSeconds, string message);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Export resumed for {Target}: {WindowsDone} window(s) already acknowledged, {WindowsPartial} partly sent (continued after the last acknowledged sample); range {RangeStart} to {RangeEnd}, windows of {Window} as the first run chose")]
    public static partial void ExportResumed(ILogger logger, string target, int windowsDone, int windowsPartial, string rangeStart, string rangeEnd, string window);

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "Export: an earlier export to {Target} recorded progress ({WindowsDone} window(s) acknowledged, started {StartedAt}); nothing sent. Fix: {Fix}")]
    public static partial void ExportProgressExists(ILogger logger, string target, long windowsDone, string startedAt, string fix);

    [LoggerMessage(EventId = 112, Level = LogLevel.Error, Message = "Export: the role {Role} cannot record the export's progress: it lacks the {Privilege} privilege; nothing sent. Fix: {Fix}")]
    public static partial void ExportCannotRecordProgress(ILogger logger, string role, string privilege, string fix);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Export interrupted ({Signal}): the request in flight was finished and recorded; {Samples} samples sent, windows {WindowsDone}/{WindowsTotal}. Fix: run the same command with --resume to continue")]
    public static partial void ExportInterrupted(ILogger logger, string signal, long samples, int windowsDone, int windowsTotal);

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "Export: the receiver {Target} did not accept the metric metadata (type, help, unit) with {Status}: {Message}; the samples are sent without it")]
    public static partial void ExportMetadataNotAccepted(ILogger logger, string target, int status, string message);

    [LoggerMessage(EventId = 115, Level = LogLevel.Information, Message = "Export: {Signal} received: the request in flight is finished and recorded, no new one starts (a second signal abandons it)")]
    public static partial void ExportStopping(ILogger logger, string signal);

    [LoggerMessage(EventId = 116, Level = LogLevel.Error, Message = "Export verification failed: {Metric} [{WindowStart}, {WindowEnd}): {Expected} samples in the database (stale markers not counted), {Received} counted by the receiver ({Query})")]
    public static partial void ExportVerifyMismatch(ILogger logger, string metric, string windowStart, string windowEnd, long expected, long received, string query);

    [LoggerMessage(EventId = 117, Level = LogLevel.Information, Message = "Export verification: {Windows} window(s) of {Metrics} metric(s) compared with {QueryUrl}, {Mismatches} difference(s)")]
    public static partial void ExportVerifyDone(ILogger logger, int windows, int metrics, string queryUrl, int mismatches);

    [LoggerMessage(EventId = 118, Level = LogLevel.Error, Message = "Export: {Option}: {Problem} Fix: {Fix}")]
    public static partial void ExportInvalidOption(ILogger logger, string option, string problem, string fix);

    [LoggerMessage(EventId = 119, Level = LogLevel.Error, Message = "Export failed: {Reason} (SQLSTATE {SqlState}). Fix: {Fix}")]
    public static partial void ExportFailed(ILogger logger, string reason, string sqlState, string fix);
}
