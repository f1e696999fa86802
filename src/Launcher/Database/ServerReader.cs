using Microsoft.Extensions.Logging;
using Npgsql;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;
using Env = PromscaleLauncher.Configuration.EnvironmentVariableNames;
using Ids = PromscaleLauncher.Diagnostics.DiagnosisIds;

namespace PromscaleLauncher.Database;

/// <summary>
/// The server-facts stage: connect (with bounded retry) and read what the server says, or explain why that failed.
/// Independent of the Promscale version, so it runs while the binary is still being asked its version.
/// </summary>
internal sealed class ServerReader(LauncherSettings settings, TimeProvider timeProvider, ILogger logger)
{
    public async Task<ServerReading> ReadAsync(CancellationToken cancellationToken)
    {
        await using var dataSource = PreflightDataSource.Create(settings);
        var outcome = await new DatabaseConnector(settings, timeProvider, logger).ConnectAsync(dataSource, cancellationToken);
        var endpoint = string.Join(",", settings.DatabaseUrl.Hosts.Select(host => host.Authority));
        if (outcome.Connection is null)
        {
            return new ServerReading(ConnectionFailed(outcome, endpoint), null);
        }

        await using var connection = outcome.Connection;
        ServerFacts facts;
        try
        {
            facts = await ServerFactsReader.ReadAsync(connection, cancellationToken);
        }
        catch (NpgsqlException exception) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = ConnectionFailure.Classify(exception);
            return new ServerReading(CheckResult.Fail(Ids.DatabaseError, ExitCodes.DatabaseUnavailable,
                $"The database at {endpoint} failed while the preflight read its settings: {failure.Reason}.",
                "retry; if it persists, check the database's health (scalingo --app <app> addons) and its logs."), null);
        }

        var reachable = CheckResult.Ok(Ids.DatabaseReachable,
                $"Connected to {endpoint} as {facts.CurrentUser}, database {facts.Database}, in {outcome.Elapsed.TotalMilliseconds:0} ms ({outcome.Attempts} attempt(s)).")
            .With("endpoint", endpoint).With("user", facts.CurrentUser).With("database", facts.Database).With("attempts", outcome.Attempts);
        return new ServerReading(reachable, facts);
    }

    private CheckResult ConnectionFailed(DatabaseConnector.Outcome outcome, string endpoint)
    {
        var failure = outcome.Failure!;
        var url = settings.DatabaseUrl;
        var variable = settings.DatabaseUrlVariable;
        var check = failure.Kind switch
        {
            ConnectionFailureKind.Transient => CheckResult.Fail(Ids.DatabaseUnreachable, ExitCodes.DatabaseUnavailable,
                $"Could not connect to {endpoint} within {Env.DbWait}={settings.DbWait.TotalSeconds:0} s ({outcome.Attempts} attempt(s)); last error: {failure.Reason}.",
                $"check the host and port in {variable} and that the database runs (scalingo --app <app> addons); raise {Env.DbWait} if it restarts slowly."),
            ConnectionFailureKind.TooManyConnections => TooManyConnections(outcome, endpoint),
            ConnectionFailureKind.TlsCertificateRejected => CheckResult.Fail(Ids.DatabaseTlsUntrusted, ExitCodes.TlsUnavailable,
                $"The server at {endpoint} offers TLS, but sslmode={settings.SslMode.ToUrlValue()} rejects its certificate: {failure.Reason}.",
                $"give the CA that signed the server's certificate: add sslrootcert=<path to the CA certificate, PEM> to the query of {variable} (on Scalingo, the database's CA certificate, deployed with the app), "
                + "and connect to the host name the certificate names; sslmode=require encrypts without verifying the server."),
            ConnectionFailureKind.Authentication => CheckResult.Fail(Ids.DatabaseAuthentication, ExitCodes.PermissionDenied,
                $"The database at {endpoint} rejected user {url.User}: {failure.Reason}.",
                $"check the user and password in {variable}; on Scalingo the addon sets it and it changes after maintenance, so never copy it by hand (DATABASE_URL=$SCALINGO_POSTGRESQL_URL instead)."),
            ConnectionFailureKind.DatabaseMissing => CheckResult.Fail(Ids.DatabaseMissing, ExitCodes.DatabaseNotFound,
                $"Database \"{url.Database}\" does not exist on {endpoint}: {failure.Reason}.",
                $"fix the database name (the URL's path) in {variable}, or create it: CREATE DATABASE {OperatorCommands.QuoteIdentifier(url.Database)};"),
            ConnectionFailureKind.TlsUnavailable => CheckResult.Fail(Ids.DatabaseTlsUnavailable, ExitCodes.TlsUnavailable,
                $"TLS is required (sslmode={settings.SslMode.ToUrlValue()}) but {endpoint} does not provide it: {failure.Reason}.",
                $"enable TLS on the server (on Scalingo every database offers it; an old one may need a restart from its dashboard), or for a local database without TLS set {Env.AllowInsecureDb}=true and sslmode=disable in {variable}."),
            ConnectionFailureKind.PermissionDenied => CheckResult.Fail(Ids.DatabaseAuthentication, ExitCodes.PermissionDenied,
                $"User {url.User} may not connect to database {url.Database} on {endpoint}: {failure.Reason}.",
                $"GRANT CONNECT ON DATABASE {OperatorCommands.QuoteIdentifier(url.Database)} TO {OperatorCommands.QuoteIdentifier(url.User ?? "")}; as the database owner."),
            _ => CheckResult.Fail(Ids.DatabaseError, ExitCodes.DatabaseUnavailable,
                $"Could not connect to {endpoint}: {failure.Reason}.",
                $"check {variable} and the database's logs."),
        };
        return check.With("endpoint", endpoint).With("attempts", outcome.Attempts).With("sqlstate", failure.SqlState ?? "");
    }

    /// <summary>
    /// 53300 until PROMSCALE_LAUNCHER_DB_WAIT ran out: the server is up, but has no slot for this role. A shortage of
    /// connections (75, like connections.budget), not an outage: "check host/port" would send the operator astray.
    /// </summary>
    private CheckResult TooManyConnections(DatabaseConnector.Outcome outcome, string endpoint)
    {
        var failure = outcome.Failure!;
        var url = settings.DatabaseUrl;
        var role = OperatorCommands.QuoteIdentifier(url.User ?? "");
        var database = OperatorCommands.QuoteIdentifier(url.Database);
        var limit = failure.Limit ?? ConnectionLimit.MaxConnections;
        var waited = $"for {outcome.Elapsed.TotalSeconds:0} s ({outcome.Attempts} attempt(s), {Env.DbWait}={settings.DbWait.TotalSeconds:0})";
        var freeOthers = $"close other clients' connections (an administrator sees them with SELECT usename, datname, application_name, backend_type, state FROM pg_stat_activity;), scale other apps down, or lower {Env.Instances}";
        var (summary, fix) = limit switch
        {
            ConnectionLimit.Role => (
                $"Role {url.User} is at its CONNECTION LIMIT: PostgreSQL refused every new connection {waited}: {failure.Reason}.",
                $"raise it: ALTER ROLE {role} CONNECTION LIMIT <n>; run by a superuser or a role with CREATEROLE (PostgreSQL 16+: with ADMIN OPTION on {role}; on Scalingo: support), with <n> at least the role's connections now plus what Promscale needs; or close the role's other connections."),
            ConnectionLimit.Database => (
                $"Database {url.Database} is at its CONNECTION LIMIT: PostgreSQL refused every new connection {waited}: {failure.Reason}.",
                $"raise it: ALTER DATABASE {database} CONNECTION LIMIT <n>; run by the database's owner or a superuser, with <n> at least its connections now plus what Promscale needs; or close other connections to it."),
            ConnectionLimit.ReservedSlots => (
                $"No connection slot is free for role {url.User}: only the slots reserved for superusers (superuser_reserved_connections, and reserved_connections on 16+) are left, {waited}: {failure.Reason}.",
                $"{freeOthers}; or move to a bigger PostgreSQL plan (Scalingo allows 60 connections per GB of RAM)."),
            _ => (
                $"Every connection slot of the server is taken (max_connections), {waited}: {failure.Reason}.",
                $"{freeOthers}; or move to a bigger PostgreSQL plan (Scalingo allows 60 connections per GB of RAM)."),
        };
        return CheckResult.Fail(Ids.ConnectionsRefused, ExitCodes.TemporaryFailure, summary, fix)
            .With("limit", limit.ToEvidence())
            .With("free_connections", 0)
            .With("headroom", settings.DbHeadroom)
            .With("instances", settings.Instances)
            .With("waited_seconds", Math.Round(outcome.Elapsed.TotalSeconds, 1));
    }
}
