using System.Collections.Concurrent;

namespace PromscaleLauncher.Tests.Support.Processes;

/// <summary>
/// Every password the tests hand to a process. Each process's whole output is checked against all of them,
/// so a secret printed by any test fails that test.
/// </summary>
public static class SecretRegistry
{
    private static readonly ConcurrentDictionary<string, byte> _secrets = new();

    public static void Register(params IEnumerable<string> secrets)
    {
        foreach (var secret in secrets.Where(secret => secret.Length >= 4))
        {
            _secrets.TryAdd(secret, 0);
        }
    }

    public static void AssertAbsentFrom(string output, string what)
    {
        foreach (var secret in _secrets.Keys)
        {
            Assert.False(output.Contains(secret, StringComparison.Ordinal), $"A secret appeared in {what}:\n{output}");
            Assert.False(output.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal), $"A percent-encoded secret appeared in {what}:\n{output}");
        }
    }
}
