namespace PromscaleLauncher.FakePromscale;

internal static class Program
{
    public static Task<int> Main(string[] args) => FakePromscaleProcess.RunAsync(args);
}
