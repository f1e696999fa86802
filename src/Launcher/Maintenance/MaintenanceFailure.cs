using Npgsql;
using PromscaleLauncher.Database;

namespace PromscaleLauncher.Maintenance;

/// <summary>Why a pass failed, in words for an operator, with the SQLSTATE when the server gave one and the fix.</summary>
internal sealed record MaintenanceFailure(string Reason, string? SqlState, MaintenanceFailureKind Kind)
{
    public static MaintenanceFailure From(Exception exception, bool connected)
    {
        if (exception is PostgresException postgres)
        {
            var kind = postgres.SqlState switch
            {
                PostgresErrorCodes.QueryCanceled => MaintenanceFailureKind.TimedOut,
                PostgresErrorCodes.InsufficientPrivilege => MaintenanceFailureKind.PermissionDenied,
                PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification => MaintenanceFailureKind.Authentication,
                _ when !connected => MaintenanceFailureKind.Connection,
                _ => MaintenanceFailureKind.Database,
            };
            return new(postgres.MessageText, postgres.SqlState, kind);
        }
        // Connection-level failures: never the raw exception message, which may quote the connection string.
        return FromConnection(ConnectionFailure.Classify(exception));
    }

    public static MaintenanceFailure FromConnection(ConnectionFailure failure)
    {
        var kind = failure.Kind is ConnectionFailureKind.Authentication or ConnectionFailureKind.PermissionDenied
            ? MaintenanceFailureKind.Authentication
            : MaintenanceFailureKind.Connection;
        // ConnectionFailure's reason ends with the SQLSTATE, which the event carries on its own.
        var reason = failure.SqlState is { } sqlState ? failure.Reason.Replace($" (SQLSTATE {sqlState})", "", StringComparison.Ordinal) : failure.Reason;
        return new(reason, failure.SqlState, kind);
    }

    /// <summary>What the operator does about it, by kind (docs/diagnostics.md, "Maintenance").</summary>
    public string Fix(string statementTimeout) => Kind switch
    {
        MaintenanceFailureKind.TimedOut =>
            $"the pass took longer than its statement timeout ({statementTimeout}): run one longer pass in a one-off (scalingo --app <app> run promscale-launcher maintenance), then check that passes get shorter; lower the retention if the database is very large",
        MaintenanceFailureKind.PermissionDenied =>
            "the database user must own Promscale's schema or be a member of prom_maintenance or prom_admin: GRANT prom_maintenance TO <user>; as the schema's owner",
        MaintenanceFailureKind.Authentication =>
            "check the user and password in the database URL; on Scalingo use the addon's variable as it is",
        MaintenanceFailureKind.Connection =>
            "check that the database runs and accepts connections (scalingo --app <app> addons); the next pass retries",
        _ => "read the database's log for this error; run promscale-launcher maintenance in a one-off to see it again",
    };
}

internal enum MaintenanceFailureKind
{
    Connection,
    Authentication,
    PermissionDenied,
    TimedOut,
    Database,
}
