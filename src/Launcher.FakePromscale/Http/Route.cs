using Microsoft.AspNetCore.Http;

namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>One registered path with its allowed methods.</summary>
internal sealed record Route(Func<string, bool> MatchesPath, IReadOnlySet<string> Methods, Func<HttpContext, Task> Handler)
{
    public static Route Exact(string path, string[] methods, Func<HttpContext, Task> handler)
        => new(candidate => candidate == path, methods.ToHashSet(StringComparer.Ordinal), handler);
}
