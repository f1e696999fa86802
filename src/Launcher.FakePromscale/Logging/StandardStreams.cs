using System.Text;
using PromscaleLauncher.FakePromscale.Signals;

namespace PromscaleLauncher.FakePromscale.Logging;

/// <summary>
/// Unbuffered writes to fd 1 and 2, one <c>write</c> per line as Go's <c>os.Stderr</c> does, so a slow reader
/// slows the fake down. A closed pipe kills the process by SIGPIPE, as Go does for fds 1 and 2.
/// </summary>
internal static class StandardStreams
{
    private static readonly Stream _stdout = Console.OpenStandardOutput();
    private static readonly Stream _stderr = Console.OpenStandardError();
    private static readonly Lock _gate = new();

    public static void WriteError(string text) => Write(_stderr, text);

    public static void WriteOutput(string text) => Write(_stdout, text);

    private static void Write(Stream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        lock (_gate)
        {
            try
            {
                stream.Write(bytes);
                stream.Flush();
            }
            catch (IOException)
            {
                ProcessSignals.DieBy(ProcessSignals.SigPipe);
            }
        }
    }
}
