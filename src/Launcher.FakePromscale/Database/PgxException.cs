namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>A database error already rendered as pgx v4 would print it.</summary>
internal sealed class PgxException(string message, Exception? inner = null) : Exception(message, inner);
