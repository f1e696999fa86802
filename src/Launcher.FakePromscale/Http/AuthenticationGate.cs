using System.Text;
using Microsoft.AspNetCore.Http;
using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Logging;

namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>
/// <c>pkg/auth</c> <c>AuthHandler</c> (docs/promscale.md §5.3): on every matched route; Basic needs both parts equal,
/// Bearer compares the text after <c>"Bearer "</c>; 401 with the exact body and no <c>WWW-Authenticate</c>.
/// </summary>
internal sealed class AuthenticationGate(PromscaleSettings settings, PromscaleLogger log)
{
    private const string BasicFailure = "Unauthorized access to endpoint, invalid username or password";
    private const string BearerFailure = "Unauthorized access to endpoint, invalid bearer token";

    /// <summary>True when the request may proceed; otherwise the 401 has been written.</summary>
    public async Task<bool> AdmitAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (settings.AuthUsername.Length > 0)
        {
            if (TryParseBasic(header, out var user, out var password) && user == settings.AuthUsername && password == settings.AuthPassword)
            {
                return true;
            }

            log.Error("auth.go:135", ("msg", BasicFailure));
            await GoHttpResponses.ErrorAsync(context, StatusCodes.Status401Unauthorized, BasicFailure + ".");
            return false;
        }

        if (settings.BearerToken.Length > 0)
        {
            var parts = header.Split("Bearer ");
            if (parts.Length >= 2 && parts[1] == settings.BearerToken)
            {
                return true;
            }

            log.Error("auth.go:150", ("msg", BearerFailure));
            await GoHttpResponses.ErrorAsync(context, StatusCodes.Status401Unauthorized, BearerFailure);
            return false;
        }

        return true;
    }

    /// <summary><c>Request.BasicAuth()</c>: case-insensitive scheme, standard base64, split at the first colon.</summary>
    private static bool TryParseBasic(string header, out string user, out string password)
    {
        user = password = string.Empty;
        const string Prefix = "Basic ";
        if (header.Length < Prefix.Length || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[Prefix.Length..]));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        (user, password) = (decoded[..colon], decoded[(colon + 1)..]);
        return true;
    }
}
