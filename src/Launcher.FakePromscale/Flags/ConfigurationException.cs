namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>An error of <c>runner.ParseFlags</c>: main prints it as <c>cannot parse flags</c> and exits 1 (docs/promscale.md §1.5).</summary>
internal sealed class ConfigurationException(string message) : Exception(message);
