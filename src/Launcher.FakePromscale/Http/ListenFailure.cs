namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>A bind error in Go's words: <c>listen tcp :9201: bind: address already in use</c>.</summary>
internal sealed class ListenFailure(string message) : Exception(message);
