using System.Net.Http.Headers;
using System.Text;
using PromscaleLauncher.Configuration;
using Env = PromscaleLauncher.Configuration.EnvironmentVariableNames;

namespace PromscaleLauncher.Export;

/// <summary>
/// The receiver's credentials, from the environment only (never argv, where `ps` shows them): basic auth
/// (PROMSCALE_LAUNCHER_EXPORT_USERNAME/_PASSWORD) or a bearer token (_BEARER_TOKEN). <see cref="ToString"/> names the
/// kind, never the secret.
/// </summary>
internal sealed class ReceiverCredentials
{
    private readonly SecretString? _secret;

    private ReceiverCredentials(string kind, string? username, SecretString? secret)
    {
        Kind = kind;
        Username = username;
        _secret = secret;
    }

    public static readonly ReceiverCredentials None = new("none", null, null);

    public string Kind { get; }

    public string? Username { get; }

    /// <summary>What a log line may say about them: the kind and the user name, never the password or token.</summary>
    public string Description => Username is null ? Kind : $"{Kind} as user {Username}";

    public AuthenticationHeaderValue? Header => Kind switch
    {
        "basic auth" => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{_secret!.Reveal()}"))),
        "bearer token" => new AuthenticationHeaderValue("Bearer", _secret!.Reveal()),
        _ => null,
    };

    public override string ToString() => Description;

    public static bool TryRead(IReadOnlyDictionary<string, string> environment, out ReceiverCredentials? credentials, out string problem, out string fix)
    {
        string? Get(string name) => environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        var username = Get(Env.ExportUsername);
        var password = Get(Env.ExportPassword);
        var token = Get(Env.ExportBearerToken);
        credentials = null;
        problem = "";
        fix = "";
        if (token is not null && (username is not null || password is not null))
        {
            problem = $"both {Env.ExportBearerToken} and basic auth ({Env.ExportUsername}/{Env.ExportPassword}) are set; the receiver takes one.";
            fix = $"unset {Env.ExportBearerToken} or {Env.ExportUsername} and {Env.ExportPassword}";
            return false;
        }
        if ((username is null) != (password is null))
        {
            var missing = username is null ? Env.ExportUsername : Env.ExportPassword;
            problem = $"{missing} is not set while {(username is null ? Env.ExportPassword : Env.ExportUsername)} is; basic auth needs both.";
            fix = $"set {missing} too, or unset both for a receiver without authentication";
            return false;
        }
        if ((password ?? token ?? "").Any(char.IsControl) || (username ?? "").Any(char.IsControl))
        {
            problem = "the receiver's credentials contain control characters, which no HTTP header can carry.";
            fix = $"set {Env.ExportUsername}/{Env.ExportPassword} or {Env.ExportBearerToken} without control characters";
            return false;
        }
        credentials = token is not null ? new ReceiverCredentials("bearer token", null, new SecretString(token))
            : password is not null ? new ReceiverCredentials("basic auth", username, new SecretString(password))
            : None;
        return true;
    }
}
