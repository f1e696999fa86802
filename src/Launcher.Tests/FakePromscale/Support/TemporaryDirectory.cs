namespace PromscaleLauncher.Tests.FakePromscale.Support;

/// <summary>A fresh directory under the temp dir, deleted on dispose (a working directory for config.yml).</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("fake-promscale-").FullName;
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
