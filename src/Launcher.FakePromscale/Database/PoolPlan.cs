namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// The pools to open (maximum and eagerly opened minimum each) and the copier count, computed as the
/// emulated version does (docs/promscale.md §2.2). A single-pool era has only <see cref="Writer"/> set (used for everything).
/// </summary>
internal sealed record PoolPlan(PoolSize? Maintenance, PoolSize? Writer, PoolSize? Reader, int Copiers, bool SinglePool);
