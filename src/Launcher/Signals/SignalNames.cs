using System.Runtime.InteropServices;

namespace PromscaleLauncher.Signals;

/// <summary>Linux signal numbers: .NET's <see cref="PosixSignal"/> values are negative placeholders, not the numbers.</summary>
internal static class SignalNames
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigKill = 9;
    public const int SigUsr1 = 10;
    public const int SigUsr2 = 12;
    public const int SigTerm = 15;

    public static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => SigHup,
        PosixSignal.SIGINT => SigInt,
        PosixSignal.SIGQUIT => SigQuit,
        PosixSignal.SIGTERM => SigTerm,
        _ => (int)signal > 0 ? (int)signal : 0,
    };

    public static string Of(int number) => number switch
    {
        SigHup => "SIGHUP",
        SigInt => "SIGINT",
        SigQuit => "SIGQUIT",
        SigKill => "SIGKILL",
        SigUsr1 => "SIGUSR1",
        SigUsr2 => "SIGUSR2",
        SigTerm => "SIGTERM",
        0 => "none",
        _ => $"signal {number}",
    };
}
