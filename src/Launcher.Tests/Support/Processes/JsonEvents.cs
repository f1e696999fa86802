using System.Text.Json;

namespace PromscaleLauncher.Tests.Support.Processes;

/// <summary>Reads the launcher's PROMSCALE_LAUNCHER_LOG_FORMAT=json lines by event id and property.</summary>
public static class JsonEvents
{
    public static bool Is(string line, int eventId) => TryParse(line) is { } root && IdOf(root) == eventId;

    public static bool Is(string line, int eventId, string property, string value) =>
        TryParse(line) is { } root && IdOf(root) == eventId && Property(root, property) == value;

    /// <summary>A property of an event line as text (numbers too), or null.</summary>
    public static string? Property(string line, string property) => TryParse(line) is { } root ? Property(root, property) : null;

    private static string? Property(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    private static int? IdOf(JsonElement root)
    {
        if (!root.TryGetProperty("EventId", out var id))
        {
            return null;
        }
        if (id.ValueKind == JsonValueKind.Object && id.TryGetProperty("Id", out var inner))
        {
            id = inner;
        }
        return id.ValueKind == JsonValueKind.Number ? id.GetInt32() : null;
    }

    private static JsonElement? TryParse(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
