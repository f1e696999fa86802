using System.Text.Json;

namespace PromscaleLauncher.Tests.Support.Processes;

/// <summary>One event of the launcher's JSON log: its id, level and properties.</summary>
public sealed class JsonEvent(JsonElement root)
{
    /// <summary>The launcher's event id (docs/diagnostics.md, <see cref="LauncherEvents"/>); null for a forwarded Promscale line.</summary>
    public int? Id { get; } = JsonEvents.IdOf(root);

    /// <summary>Serilog's level name: Verbose, Debug, Information, Warning, Error or Fatal.</summary>
    public string Level { get; } = JsonEvents.LevelOf(root);

    public DateTimeOffset Timestamp => JsonEvents.TimestampOf(root);

    /// <summary>The rendered message: for a forwarded Promscale line, Promscale's own <c>msg</c>.</summary>
    public string Message => JsonEvents.MessageOf(root);

    public bool IsFromPromscale => JsonEvents.IsFromPromscale(root);

    /// <summary>A property as text (numbers and booleans as JSON writes them), or null when absent.</summary>
    public string? Property(string name) => JsonEvents.PropertyOf(root, name);

    /// <summary>Whether the message or any property holds <paramref name="text"/>: for a forwarded Promscale line, whose wording is Promscale's.</summary>
    public bool Mentions(string text) => JsonEvents.StringValuesOf(root).Any(value => value.Contains(text, StringComparison.Ordinal));

    public bool Is(int eventId) => Id == eventId;

    public bool Is(int eventId, string property, string value) => Id == eventId && Property(property) == value;

    public override string ToString() => root.GetRawText();
}
