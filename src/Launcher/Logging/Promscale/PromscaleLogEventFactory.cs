using Serilog.Events;
using Serilog.Parsing;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Builds the Serilog <see cref="LogEvent"/> for a <see cref="PromscaleLogLine"/> directly (conventions §4: no
/// template parsing, no capturing).
/// </summary>
/// <remarks>
/// <para>Timestamp: when the launcher read the line, not Promscale's <c>ts</c> (kept as <c>PromscaleTs</c>).
/// The launcher's output is one stream mixing its own events and both of Promscale's pipes; read-time stamps
/// keep that stream in order, plain lines (panics, automaxprocs) have no <c>ts</c> anyway, and Scalingo stamps
/// lines on arrival, so the two agree.</para>
/// <para>Message: the template is the message text itself as a single literal token (braces escaped in its
/// <c>Text</c>), so every formatter renders it verbatim and CLEF consumers see Promscale's message as the
/// event's template. Properties, in this order: Promscale's other keys in line order (names from
/// <see cref="PromscalePropertyName"/>, a repeated or reserved name gets <c>_2</c>, <c>_3</c>…), then
/// <c>caller</c>, <c>PromscaleTs</c>, <c>PromscaleLevel</c> (only for a level other than
/// debug/info/warn/error), <c>Stream</c>, <c>Source</c>=promscale, and on split lines <c>LinePart</c> and
/// <c>LineContinues</c>. A <c>text=(MISSING)</c> pair (health.go, docs/promscale.md §4.2: an error logged without a
/// key) becomes <c>err</c>=text, or <c>unkeyed</c>=text if the line also has an <c>err</c>. All values are
/// strings, as Promscale wrote them. Not thread-safe (name and template caches): one per pump.</para>
/// </remarks>
internal sealed class PromscaleLogEventFactory
{
    public const string SourcePropertyName = "Source";
    public const string SourceValue = "promscale";
    public const string StreamPropertyName = "Stream";
    public const string CallerPropertyName = "caller";
    public const string PromscaleTsPropertyName = "PromscaleTs";
    public const string PromscaleLevelPropertyName = "PromscaleLevel";
    public const string LinePartPropertyName = "LinePart";
    public const string LineContinuesPropertyName = "LineContinues";
    public const string UnkeyedPropertyName = "unkeyed";

    private const int MaxCachedNames = 1024;

    // Promscale repeats a few messages ("Samples write throughput", "Error sending samples to remote storage"):
    // their templates are built once. Bounded (~100 KB) so that a flood of distinct messages costs no memory.
    private const int MaxCachedTemplates = 256;
    private const int MaxCachedTemplateChars = 96;

    private static readonly HashSet<string> _reservedNames =
    [
        SourcePropertyName, StreamPropertyName, CallerPropertyName, PromscaleTsPropertyName,
        PromscaleLevelPropertyName, LinePartPropertyName, LineContinuesPropertyName,
    ];

    private static readonly ScalarValue _source = new(SourceValue);
    private static readonly ScalarValue _stdout = new("stdout");
    private static readonly ScalarValue _stderr = new("stderr");
    private static readonly ScalarValue _true = new(true);
    private static readonly ScalarValue _false = new(false);

    private readonly Dictionary<string, string> _propertyNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MessageTemplate> _templates = new(StringComparer.Ordinal);

    // The parser hands out the same string for the same caller (pooled) and for a ts repeated on consecutive
    // lines: so does the factory with their values.
    private ScalarValue _lastCaller = new(string.Empty);
    private ScalarValue _lastTs = new(string.Empty);

    public LogEvent Create(PromscaleLogLine line)
    {
        // Every field gives at most one property (level, ts, caller and msg give theirs, or none), plus Stream and
        // Source; only plain text lines have LinePart and LineContinues.
        var capacity = line.Format == PromscaleLineFormat.PlainText ? (line.LinePart > 0 ? 4 : 2) : line.Fields.Count + 2;
        var properties = new Dictionary<string, LogEventPropertyValue>(capacity, StringComparer.Ordinal);
        if (line.Format != PromscaleLineFormat.PlainText)
        {
            AddPromscaleFields(line, properties);
        }

        properties[StreamPropertyName] = line.Stream == PromscaleOutputStream.Stdout ? _stdout : _stderr;
        properties[SourcePropertyName] = _source;
        if (line.LinePart > 0)
        {
            properties[LinePartPropertyName] = new ScalarValue(line.LinePart);
            properties[LineContinuesPropertyName] = line.LineContinues ? _true : _false;
        }

        // UnstableAssembleFromParts takes the dictionary as is: no LogEventProperty per property.
        return LogEvent.UnstableAssembleFromParts(line.ReadAt, line.Level, null, Template(line.Message),
            properties, default, default);
    }

    public static MessageTemplate LiteralTemplate(string message)
    {
        if (message.Length == 0)
        {
            return MessageTemplate.Empty;
        }

        var text = message.AsSpan().IndexOfAny('{', '}') < 0
            ? message
            : message.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
        return new MessageTemplate(text, new MessageTemplateToken[] { new TextToken(message) });
    }

    private MessageTemplate Template(string message)
    {
        if (message.Length > MaxCachedTemplateChars)
        {
            return LiteralTemplate(message);
        }

        if (_templates.TryGetValue(message, out var template))
        {
            return template;
        }

        template = LiteralTemplate(message);
        if (_templates.Count < MaxCachedTemplates)
        {
            _templates[message] = template;
        }

        return template;
    }

    private void AddPromscaleFields(PromscaleLogLine line, Dictionary<string, LogEventPropertyValue> properties)
    {
        // The parser's array, enumerated as one (no enumerator object, no interface calls).
        var fields = line.Fields as KeyValuePair<string, string>[] ?? [.. line.Fields];
        var hasMsg = false;
        var hasErr = false;
        foreach (var field in fields)
        {
            hasMsg |= field.Key == PromscaleLogKeys.Msg;
            hasErr |= field.Key == PromscaleLogKeys.Err;
        }

        bool levelTaken = false, tsTaken = false, callerTaken = false, messageTaken = false;
        foreach (var (key, value) in fields)
        {
            switch (key)
            {
                case PromscaleLogKeys.Level when !levelTaken:
                    levelTaken = true;
                    continue;
                case PromscaleLogKeys.Ts when !tsTaken:
                    tsTaken = true;
                    continue;
                case PromscaleLogKeys.Caller when !callerTaken:
                    callerTaken = true;
                    continue;
                case PromscaleLogKeys.Msg when !messageTaken:
                case PromscaleLogKeys.Config when !messageTaken && !hasMsg:
                    messageTaken = true;
                    continue;
            }

            if (value == PromscaleLogKeys.MissingValue)
            {
                AddUnique(properties, hasErr ? UnkeyedPropertyName : PromscaleLogKeys.Err, key);
                hasErr = true;
                continue;
            }

            AddUnique(properties, PropertyName(key), value);
        }

        if (line.Caller is not null)
        {
            properties[CallerPropertyName] = Reuse(ref _lastCaller, line.Caller);
        }

        if (line.PromscaleTs is not null)
        {
            properties[PromscaleTsPropertyName] = Reuse(ref _lastTs, line.PromscaleTs);
        }

        if (line.PromscaleLevel is not null)
        {
            PromscaleLineParser.MapLevel(line.PromscaleLevel, out var known);
            if (!known)
            {
                properties[PromscaleLevelPropertyName] = new ScalarValue(line.PromscaleLevel);
            }
        }
    }

    private static ScalarValue Reuse(ref ScalarValue last, string value) =>
        ReferenceEquals(last.Value, value) ? last : last = new ScalarValue(value);

    private static void AddUnique(Dictionary<string, LogEventPropertyValue> properties, string name, string value)
    {
        if (!_reservedNames.Contains(name) && properties.TryAdd(name, new ScalarValue(value)))
        {
            return;
        }

        for (var suffix = 2; ; suffix++)
        {
            var candidate = $"{name}_{suffix}";
            if (!_reservedNames.Contains(candidate) && properties.TryAdd(candidate, new ScalarValue(value)))
            {
                return;
            }
        }
    }

    private string PropertyName(string key)
    {
        if (_propertyNames.TryGetValue(key, out var name))
        {
            return name;
        }

        name = PromscalePropertyName.FromKey(key);
        if (_propertyNames.Count < MaxCachedNames)
        {
            _propertyNames[key] = name;
        }

        return name;
    }
}
