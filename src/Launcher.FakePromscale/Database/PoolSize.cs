namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>One pool's bounds: <c>MinConns</c> are opened synchronously at start-up (pgx v4.15+).</summary>
internal sealed record PoolSize(int Maximum, int Minimum);
