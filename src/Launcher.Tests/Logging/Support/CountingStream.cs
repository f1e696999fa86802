namespace PromscaleLauncher.Tests.Logging.Support;

/// <summary>A memory stream that counts writes and flushes, and can show what was written so far.</summary>
internal sealed class CountingStream : MemoryStream
{
    private int _writes;
    private int _flushes;

    public int Writes => Volatile.Read(ref _writes);

    public int Flushes => Volatile.Read(ref _flushes);

    public string Text
    {
        get
        {
            lock (this)
            {
                return System.Text.Encoding.UTF8.GetString(ToArray());
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (this)
        {
            Interlocked.Increment(ref _writes);
            base.Write(buffer, offset, count);
        }
    }

    // One count per call: MemoryStream's span overload would come back through Write(byte[], …) for a subclass.
    public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

    public override void Flush()
    {
        Interlocked.Increment(ref _flushes);
        base.Flush();
    }
}
