using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PromscaleLauncher.Tests.Support.Processes;

/// <summary>
/// Reads the launcher's PROMSCALE_LAUNCHER_LOG_FORMAT=json lines (CLEF) by event id and property. The one place
/// in the tests that knows the JSON shape: a change of field names is a change here only.
/// </summary>
/// <remarks>
/// Relies on: one JSON object per line; the event id in <c>EventId</c> (Microsoft.Extensions.Logging's property,
/// as <c>{"Id":n,"Name":…}</c> or a bare number); the level in <c>@l</c> (absent for Information, as CLEF says);
/// the rendered message in <c>@m</c>, else rendered here from the template <c>@mt</c>; the timestamp in <c>@t</c>;
/// every other property at the top level under its own name (a leading <c>@</c> doubled), strings as JSON
/// strings, numbers and booleans as JSON values. A forwarded Promscale line has no event id and
/// <c>Source</c>=<c>promscale</c>.
/// </remarks>
public static partial class JsonEvents
{
    public static bool Is(string line, int eventId) => Parse(line) is { } logEvent && logEvent.Id == eventId;

    public static bool Is(string line, int eventId, string property, string value) =>
        Parse(line) is { } logEvent && logEvent.Is(eventId, property, value);

    /// <summary>A property of an event line as text (numbers too), or null.</summary>
    public static string? Property(string line, string property) => Parse(line)?.Property(property);

    /// <summary>The events among <paramref name="lines"/>; lines that are not events are left out.</summary>
    public static IReadOnlyList<JsonEvent> In(IEnumerable<string> lines) => [.. lines.Select(Parse).OfType<JsonEvent>()];

    /// <summary>The events of a whole output (e.g. a process's standard error).</summary>
    public static IReadOnlyList<JsonEvent> In(string output) => In(output.Split('\n'));

    /// <summary>The event of a line, or null when the line is not a JSON object.</summary>
    public static JsonEvent? Parse(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object ? new JsonEvent(document.RootElement.Clone()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static int? IdOf(JsonElement root)
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

    internal static string? PropertyOf(JsonElement root, string property) =>
        root.TryGetProperty(property.StartsWith('@') ? "@" + property : property, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    internal static string LevelOf(JsonElement root) =>
        root.TryGetProperty("@l", out var level) && level.GetString() is { } name ? name : "Information";

    internal static DateTimeOffset TimestampOf(JsonElement root) =>
        DateTimeOffset.Parse(root.GetProperty("@t").GetString()!, CultureInfo.InvariantCulture);

    internal static string MessageOf(JsonElement root)
    {
        if (root.TryGetProperty("@m", out var message))
        {
            return message.GetString() ?? "";
        }
        var template = root.TryGetProperty("@mt", out var mt) ? mt.GetString() ?? "" : "";
        return Hole().Replace(template, hole => PropertyOf(root, hole.Groups[1].Value) ?? hole.Value);
    }

    internal static IEnumerable<string> StringValuesOf(JsonElement root) =>
        root.EnumerateObject().Where(property => property.Value.ValueKind == JsonValueKind.String).Select(property => property.Value.GetString()!)
            .Append(MessageOf(root));

    internal static bool IsFromPromscale(JsonElement root) => PropertyOf(root, "Source") == "promscale";

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?:[:,][^}]*)?\}")]
    private static partial Regex Hole();
}
