using Npgsql;

namespace PromscaleLauncher.Configuration;

/// <summary>
/// The launcher's decision for one libpq URL parameter. <see cref="Check"/> returns why a value is refused (a
/// sentence fragment after "which") with its fix, or null when the value is accepted.
/// </summary>
internal sealed record UrlParameterRule(
    string Name,
    UrlParameterHandling Handling,
    Func<string, UrlParameterRefusal?> Check,
    Action<NpgsqlConnectionStringBuilder, string>? ApplyToPreflight = null)
{
    /// <summary>Values that must never be printed: they are passwords.</summary>
    public bool IsSecret => Name is "password" or "sslpassword";
}
