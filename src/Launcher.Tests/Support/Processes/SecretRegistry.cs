using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PromscaleLauncher.Tests.Support.Processes;

/// <summary>
/// Every password the tests hand to a process. Each process's whole output is checked against all of them,
/// so a secret printed by any test fails that test: as it is, percent-encoded, or JSON-escaped (the JSON log
/// format writes a secret's quote, backslash or control character escaped, and other writers non-ASCII too).
/// </summary>
public static class SecretRegistry
{
    private static readonly ConcurrentDictionary<string, byte> _secrets = new();
    private static readonly JsonSerializerOptions[] _jsonEscapings =
        [new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }, new() { Encoder = JavaScriptEncoder.Default }];

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
            foreach (var escaping in _jsonEscapings)
            {
                var escaped = JsonSerializer.Serialize(secret, escaping)[1..^1];
                Assert.False(output.Contains(escaped, StringComparison.Ordinal), $"A JSON-escaped secret appeared in {what}:\n{output}");
            }
        }
    }
}
