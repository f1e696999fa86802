namespace PromscaleLauncher.FakePromscale.Versions;

/// <summary>How the connection budget is computed (contract §2.2): it changed three times.</summary>
internal enum PoolEra
{
    /// <summary>0.10–0.11: one pool, minimum = GOMAXPROCS.</summary>
    SinglePoolGoMaxProcs,

    /// <summary>0.12: one pool, minimum = the database host's CPU count.</summary>
    SinglePoolDatabaseCpus,

    /// <summary>0.13–0.14: writer + reader pools.</summary>
    WriterReader,

    /// <summary>0.15+: writer + reader + maintenance pools.</summary>
    WriterReaderMaintenance,
}
