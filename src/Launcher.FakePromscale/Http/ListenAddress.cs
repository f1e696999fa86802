using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>A Go listen address (<c>:9201</c>, <c>127.0.0.1:9201</c>, <c>localhost:0</c>): empty host = all interfaces.</summary>
internal sealed record ListenAddress(IPAddress? Address, int Port)
{
    /// <summary>How Go's <c>listen tcp ADDR</c> errors print it: <c>:9201</c> or <c>127.0.0.1:9201</c>.</summary>
    public string Display => Address is null
        ? $":{Port}"
        : Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";

    /// <summary>Parses like <c>net.Listen("tcp", text)</c>; the error is Go's text.</summary>
    public static ListenAddress Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            throw new FormatException($"listen tcp: address {text}: missing port in address");
        }

        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            throw new FormatException($"listen tcp: address {text}: too many colons in address");
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"listen tcp: lookup tcp/{portText}: unknown port");
        }

        if (host.Length == 0)
        {
            return new ListenAddress(null, port);
        }

        if (IPAddress.TryParse(host, out var literal))
        {
            return new ListenAddress(literal, port);
        }

        try
        {
            // Go listens on the first address of the name, IPv4 first.
            var addresses = Dns.GetHostAddresses(host);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return chosen is null ? throw new FormatException($"listen tcp: lookup {host}: no such host") : new ListenAddress(chosen, port);
        }
        catch (SocketException)
        {
            throw new FormatException($"listen tcp: lookup {host}: no such host");
        }
    }
}
