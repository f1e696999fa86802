namespace PromscaleLauncher.Configuration;

internal sealed record PostgresHost(string Name, int Port)
{
    public const int DefaultPort = 5432;

    private bool IsIpv6Literal => Name.Contains(':');

    /// <summary>host:port as it appears in a URL and in messages, IPv6 literals in brackets.</summary>
    public string Authority => IsIpv6Literal ? $"[{Name}]:{Port}" : $"{Name}:{Port}";

    public override string ToString() => Authority;
}
