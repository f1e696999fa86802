namespace PromscaleLauncher.Tests.Logging.Support;

/// <summary>
/// A memory stream that counts writes and flushes, can show what was written so far, lets a test wait for a
/// write, and can hold writers back (a stdout that does not drain).
/// </summary>
internal sealed class CountingStream : MemoryStream
{
    private readonly Lock _lock = new();
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private readonly SemaphoreSlim _blockedWriters = new(0);
    private readonly AutoResetEvent _wrote = new(initialState: false);
    private int _writes;
    private int _flushes;

    public int Writes => Volatile.Read(ref _writes);

    public int Flushes => Volatile.Read(ref _flushes);

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return System.Text.Encoding.UTF8.GetString(ToArray());
            }
        }
    }

    /// <summary>From now on, writers wait in <see cref="Write(byte[], int, int)"/> until <see cref="Unblock"/>.</summary>
    public void Block() => _open.Reset();

    public void Unblock() => _open.Set();

    /// <summary>Waits until a writer is held back by <see cref="Block"/>.</summary>
    public bool WaitForBlockedWriter(TimeSpan timeout) => _blockedWriters.Wait(timeout);

    /// <summary>Waits until the text written so far satisfies <paramref name="condition"/>; false after <paramref name="timeout"/>.</summary>
    public bool WaitForText(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Text))
        {
            var left = deadline - DateTime.UtcNow;
            // Set by every write: one that came after the check above wakes this wait at once.
            if (left <= TimeSpan.Zero || !_wrote.WaitOne(left))
            {
                return condition(Text);
            }
        }

        return true;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (!_open.IsSet)
        {
            _blockedWriters.Release();
            _open.Wait();
        }

        lock (_lock)
        {
            Interlocked.Increment(ref _writes);
            base.Write(buffer, offset, count);
        }

        _wrote.Set();
    }

    // One count per call: MemoryStream's span overload would come back through Write(byte[], …) for a subclass.
    public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

    public override void Flush()
    {
        Interlocked.Increment(ref _flushes);
        base.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _open.Set();
            _open.Dispose();
            _blockedWriters.Dispose();
            _wrote.Dispose();
        }

        base.Dispose(disposing);
    }
}
