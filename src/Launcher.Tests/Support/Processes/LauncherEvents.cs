namespace PromscaleLauncher.Tests.Support.Processes;

/// <summary>
/// The launcher's event ids (its <c>[LoggerMessage]</c> definitions, named as there): the contract log drains
/// match on, so the tests spell them out rather than read them from the product; LauncherEventsTests checks
/// that both agree.
/// </summary>
public static class LauncherEvents
{
    public const int Starting = 1;
    public const int ConfigurationProblem = 2;
    public const int ConfigurationWarning = 3;
    public const int ConfigurationInformation = 4;
    public const int ConfigurationInvalid = 5;
    public const int DatabaseRetry = 10;
    public const int CheckPassed = 11;
    public const int CheckWarning = 12;
    public const int CheckFailed = 13;
    public const int PreflightPassed = 14;
    public const int PreflightFailed = 15;
    public const int PreflightCancelled = 16;
    public const int PreflightOverridden = 18;
    public const int SupervisionNotAvailable = 17;
    public const int PromscaleStarted = 20;
    public const int PromscaleReady = 21;
    public const int PromscaleNotReady = 22;
    public const int PromscaleExited = 23;
    public const int StoppingPromscale = 24;
    public const int KillingPromscale = 25;
    public const int PromscaleStopped = 26;
    public const int SignalForwarded = 27;
    public const int SignalNotForwarded = 28;
    public const int Status = 29;
    public const int OperatorOverridesBudget = 30;
    public const int StrayConfigFile = 31;
    public const int OrphanReaped = 32;
    public const int SecondSignal = 33;
    public const int InheritedIgnoredSignal = 34;
    public const int SignalIgnoredWithoutPromscale = 35;
    public const int SubreaperUnavailable = 36;
    public const int StoppingLeftovers = 37;
    public const int KillingLeftovers = 38;
    public const int OutputHeldOpen = 39;
    public const int MaintenanceScheduled = 60;
    public const int MaintenanceNotScheduled = 61;
    public const int MaintenancePassDone = 62;
    public const int MaintenancePassSkipped = 63;
    public const int MaintenancePassFailed = 64;
    public const int MaintenanceFailing = 65;
    public const int MaintenanceTraceTableWarnings = 66;
    public const int MaintenanceWarning = 67;
    public const int MaintenanceNoSchema = 68;
    public const int MaintenanceCancelled = 69;
    public const int WatchdogOn = 80;
    public const int WatchdogOff = 81;
    public const int HealthCheckFailed = 82;
    public const int PromscaleRecovered = 83;
    public const int WaitingForDatabase = 84;
    public const int RestartingPromscale = 85;
    public const int PromscaleStoppedForRestart = 86;
    public const int PromscaleReadyAgain = 87;
    public const int WatchdogGaveUp = 88;
    public const int StopDuringRestart = 89;
    public const int FirstInstallStarting = 50;
    public const int FirstInstallStepStarting = 51;
    public const int FirstInstallStepDone = 52;
    public const int FirstInstallStepFailed = 53;
    public const int FirstInstallDone = 54;
    public const int FirstInstallNotNeeded = 55;
    public const int FirstInstallRefused = 56;
    public const int FirstInstallWaiting = 57;
    public const int PromscaleMigrationStarted = 58;
    public const int FirstInstallInterrupted = 59;
    public const int ConnectionShortage = 70;
    public const int ConnectionShortageUnread = 71;
    public const int InternalError = 90;
    public const int ExportStarting = 100;
    public const int ExportDatabaseChange = 101;
    public const int ExportProgress = 102;
    public const int ExportMetricSummary = 103;
    public const int ExportDone = 104;
    public const int ExportDryRunMetric = 105;
    public const int ExportReceiverRetry = 106;
    public const int ExportReceiverRejected = 107;
    public const int ExportReceiverUnauthorized = 108;
    public const int ExportReceiverUnavailable = 109;
    public const int ExportResumed = 110;
    public const int ExportProgressExists = 111;
    public const int ExportCannotRecordProgress = 112;
    public const int ExportInterrupted = 113;
    public const int ExportMetadataNotAccepted = 114;
    public const int ExportStopping = 115;
    public const int ExportVerifyMismatch = 116;
    public const int ExportVerifyDone = 117;
    public const int ExportInvalidOption = 118;
    public const int ExportFailed = 119;
}
