namespace PromscaleLauncher.Tests.Logging.Support;

/// <summary>
/// Returns its bytes on the first read, then never completes a read and ignores cancellation (as a blocking read on
/// a pipe held open would): <see cref="Waiting"/> is set once a read is pending.
/// </summary>
internal sealed class ForeverStream(byte[] bytes) : Stream
{
    private readonly TaskCompletionSource<int> _never = new();
    private bool _read;

    public ManualResetEventSlim Waiting { get; } = new();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_read)
        {
            _read = true;
            bytes.CopyTo(buffer);
            return ValueTask.FromResult(bytes.Length);
        }

        Waiting.Set();
        return new ValueTask<int>(_never.Task);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Waiting.Dispose();
        }

        base.Dispose(disposing);
    }
}
