using System.Globalization;
using Serilog.Events;
using Serilog.Parsing;

namespace PromscaleLauncher.Logging.Formatting;

/// <summary>
/// Renders an event's message for the text format: string properties unquoted (<c>Preflight passed
/// db.example.com</c>, not <c>"db.example.com"</c>), everything else invariant-culture. A template that is
/// only text (every forwarded Promscale line, <see cref="Promscale.PromscaleLogEventFactory"/>) costs nothing.
/// </summary>
internal static class LogMessageRenderer
{
    /// <param name="logEvent">The event.</param>
    /// <param name="showsProperties">Whether the template has property tokens (if not, no property is in the message).</param>
    public static string Render(LogEvent logEvent, out bool showsProperties)
    {
        showsProperties = false;
        var template = logEvent.MessageTemplate;

        // Tokens is the template's own array: test it as such (no enumerator) for the literal case.
        if (template.Tokens is MessageTemplateToken[] tokens)
        {
            switch (tokens)
            {
                case []:
                    return string.Empty;
                case [TextToken only]:
                    return only.Text;
            }
        }
        else if (!template.Tokens.Any())
        {
            return string.Empty;
        }

        showsProperties = true;
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var token in template.Tokens)
        {
            switch (token)
            {
                case TextToken textToken:
                    output.Write(textToken.Text);
                    break;
                case PropertyToken property when logEvent.Properties.TryGetValue(property.PropertyName, out var value):
                    if (value is ScalarValue { Value: string s })
                    {
                        output.Write(s);
                    }
                    else
                    {
                        value.Render(output, property.Format, CultureInfo.InvariantCulture);
                    }

                    break;
                default:
                    output.Write(token.ToString());
                    break;
            }
        }

        return output.ToString();
    }

    /// <summary>True when <paramref name="name"/> is a property the template shows in the message.</summary>
    public static bool IsInMessage(MessageTemplate template, string name)
    {
        foreach (var token in template.Tokens)
        {
            if (token is PropertyToken property && property.PropertyName == name)
            {
                return true;
            }
        }

        return false;
    }
}
