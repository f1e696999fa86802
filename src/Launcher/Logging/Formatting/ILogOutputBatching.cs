namespace PromscaleLauncher.Logging.Formatting;

/// <summary>
/// Lets a writer of many events in a row (the Promscale output pump, until its pipe is drained) ask the output
/// to flush once at the end instead of after every event. Batches nest and may overlap across threads: an
/// event is flushed when the last open batch ends.
/// </summary>
internal interface ILogOutputBatching
{
    public void BeginBatch();

    /// <summary>Ends a batch; the output flushes when no batch is open any more.</summary>
    public void EndBatch();
}
