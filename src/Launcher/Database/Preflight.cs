using Microsoft.Extensions.Logging;
using Npgsql;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Promscale;
using Env = PromscaleLauncher.Configuration.EnvironmentVariableNames;
using Ids = PromscaleLauncher.Diagnostics.DiagnosisIds;

namespace PromscaleLauncher.Database;

/// <summary>
/// The database preflight: connect (with bounded retry), read what the server says, decide. Runs before
/// Promscale so that an operator learns about a problem from its exact fix, not from Promscale's DDL errors.
/// </summary>
internal sealed class Preflight(LauncherSettings settings, TimeProvider timeProvider, ILogger logger, string? appName)
{
    /// <summary>
    /// Connects (with bounded retry) and reads the server's facts. Independent of the Promscale version, so it
    /// can run while the binary is still being asked its version.
    /// </summary>
    public async Task<ServerReading> ReadServerAsync(CancellationToken cancellationToken)
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

    /// <summary>Decides, from what the server said, whether <paramref name="version"/> can start, and how. Pure.</summary>
    public PreflightReport Evaluate(ServerReading server, PromscaleVersion version)
    {
        if (server.Facts is not { } facts)
        {
            return new PreflightReport([server.Connection], null);
        }
        var evaluator = new PreflightEvaluator(settings with { PromscaleVersion = version }, facts, Environment.ProcessorCount, appName);
        var plan = evaluator.Evaluate();
        return new PreflightReport([server.Connection, .. evaluator.Checks], plan);
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
}
