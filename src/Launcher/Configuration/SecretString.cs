namespace PromscaleLauncher.Configuration;

/// <summary>
/// Holds a password or a URL that carries one. <see cref="ToString"/> never reveals it, so a secret
/// that ends up in a log template, an exception message or a record's generated ToString prints as ****.
/// </summary>
internal sealed class SecretString(string value)
{
    public const string Mask = "****";

    public string Reveal() => value;

    public bool IsEmpty => value.Length == 0;

    public override string ToString() => Mask;
}
