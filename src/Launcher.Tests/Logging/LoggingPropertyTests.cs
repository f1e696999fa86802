using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Logging;
using PromscaleLauncher.Logging.Formatting;
using PromscaleLauncher.Logging.Promscale;
using PromscaleLauncher.Tests.Logging.Support;

namespace PromscaleLauncher.Tests.Logging;

public sealed class LoggingPropertyTests
{
    private const string SecretPlaceholder = "\u0001SECRET\u0001";

    // No '*': the mask itself could otherwise spell the secret again next to a masked occurrence.
    private const string SecretAlphabet = "abcAB09 -_.~!$&'()+,;=:@/?#[]%\"\\{}<>é€\t";

    private static readonly Gen<string> _secret = Gen.String[Gen.Char[SecretAlphabet], 1, 12];

    private static readonly Gen<string> _noise = Gen.String[Gen.Char[SecretAlphabet + "*\n\r=level"], 0, 8];

    private static readonly Gen<string> _marker = Gen.OneOfConst(
        "BasicAuthPassword:", "BearerToken:", "://", "password=", "@", ":", " ", "}", "level=info ", "'", "\"", "\\", "msg=\"", "{\"level\":");

    private static readonly Gen<string[]> _lineParts = Gen.Frequency(
        (3, _noise), (2, _marker), (2, Gen.Const(SecretPlaceholder))).Array[0, 12];

    private static readonly Gen<string> _anyLine = Gen.Frequency(
        (3, Gen.String[Gen.Char["level=info\"\\ u0{}[]:,x9é\t\r\u0000\u2028"], 0, 60]),
        (2, Gen.String[Gen.Char["level=info\"\\ u0{}[]:,x9é\t\r\u0000\u2028"], 0, 60].Select(s => "level=" + s)),
        (2, Gen.String[Gen.Char["level\"\\ u0{}[]:,x9é\t\r\u0000\u2028"], 0, 60].Select(s => "{" + s)),
        (1, Gen.String));

    [Fact]
    public void Redacted_output_never_contains_a_known_secret()
    {
        var cases =
            from secret in _secret
            from parts in _lineParts
            select (Secret: secret, Line: string.Concat(parts.Select(p => p == SecretPlaceholder ? secret : p)));

        cases.Sample(c =>
        {
            var redacted = new SecretRedactor([c.Secret]).Redact(c.Line);

            Assert.DoesNotContain(c.Secret, redacted, StringComparison.Ordinal);
        }, iter: 3000);
    }

    [Fact]
    public void Redacted_output_never_contains_the_percent_encoded_or_escaped_forms_of_a_known_secret()
    {
        var cases =
            from secret in _secret
            from form in Gen.OneOfConst<Func<string, string>>(
                Uri.EscapeDataString, s => Regex.Replace(Uri.EscapeDataString(s), "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant()),
                GoLogfmtEscape)
            from parts in _lineParts
            select (Secret: form(secret), Line: string.Concat(parts.Select(p => p == SecretPlaceholder ? form(secret) : p)), Raw: secret);

        cases.Sample(c =>
        {
            var redacted = new SecretRedactor([c.Raw]).Redact(c.Line);

            Assert.DoesNotContain(c.Secret, redacted, StringComparison.Ordinal);
        }, iter: 3000);
    }

    [Fact]
    public void Redacted_config_line_never_contains_an_unknown_basic_auth_password_or_bearer_token()
    {
        var secret = Gen.String[Gen.Char["abcXYZ019!#$%&()+,-./:;<=>?@[]^_`{|~é"], 1, 24];

        Gen.Select(secret, secret).Sample((password, token) =>
        {
            var line = "level=info ts=2023-01-11T10:00:00.001Z caller=runner.go:91 config=\"{ListenAddr::9201 PgmodelCfg:{Password:**** DbUri:****} "
                + $"AuthConfig:{{BasicAuthUsername:admin BasicAuthPassword:{password} BasicAuthPasswordFile: BearerToken:{token} BearerTokenFile: IgnorePaths:[]}}}}\"";

            var redacted = SecretRedactor.WithoutKnownSecrets.Redact(line);

            Assert.Contains("BasicAuthPassword:**** BasicAuthPasswordFile: BearerToken:**** BearerTokenFile: ", redacted);
        }, iter: 2000);
    }

    [Fact]
    public void Parsing_formatting_and_redacting_never_throw_and_always_give_one_line_per_event()
    {
        var text = new TextLineFormatter();
        var json = LoggingSetup.Formatter(LogFormat.Json);

        // Sample runs in parallel: a parser and an event factory per sample (they are one per pump, not thread-safe).
        _anyLine.Sample(line =>
        {
            var parser = new PromscaleLineParser();
            var events = new PromscaleLogEventFactory();
            var redactor = new SecretRedactor(["x9", "{}"]);
            var redacted = redactor.Redact(line);
            var logEvent = events.Create(parser.Parse(redacted, null, PromscaleOutputStream.Stderr, DateTimeOffset.UtcNow));

            // Text also escapes the Unicode line breaks a viewer may split on; JSON keeps them (valid JSON).
            foreach (var (formatter, lineBreaks) in new (Serilog.Formatting.ITextFormatter, char[])[]
                { (text, ['\n', '\r', '\u2028', '\u2029', '\u0085']), (json, ['\n', '\r']) })
            {
                using var output = new StringWriter();
                formatter.Format(logEvent, output);
                var formatted = output.ToString();

                Assert.EndsWith("\n", formatted);
                Assert.Equal(formatted.Length - 1, formatted.IndexOfAny(lineBreaks));
            }

            Assert.InRange(redactor.FindSafeSplit(line, 10), 0, Math.Max(line.Length, 10));
        }, iter: 5000);
    }

    [Fact]
    public void Logfmt_written_the_go_logfmt_way_parses_back_to_the_same_pairs()
    {
        var key = Gen.String[Gen.Char["abcxyz09_-./`()[]:"], 1, 12];
        var value = Gen.String[Gen.Char["ab09 =\"\\\n\r\t\u0001é€{}:/"], 0, 16];

        Gen.Select(key, value).Array[0, 8].Sample(pairs =>
        {
            var line = new StringBuilder("level=info");
            foreach (var (k, v) in pairs)
            {
                line.Append(' ').Append(k).Append('=').Append(GoLogfmtValue(v));
            }

            var fields = new List<KeyValuePair<string, string>>();
            Assert.True(new LogfmtParser().TryParse(line.ToString(), fields));

            Assert.Equal(pairs.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)), fields.Skip(1));
        }, iter: 3000);
    }

    [Fact]
    public async Task The_pump_never_throws_on_arbitrary_bytes_and_forwards_every_line()
    {
        await Gen.Byte[0, 255].Array[0, 300].SampleAsync(async bytes =>
        {
            var sink = new CollectingSink();
            using var logger = Loggers.WritingTo(sink);
            var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, new SecretRedactor(["ab"]), logger);

            await pump.PumpAsync(new TrickleStream(bytes, 7), CancellationToken.None);

            var newlines = bytes.Count(b => b == (byte)'\n');
            var trailing = bytes.Length > 0 && bytes[^1] != (byte)'\n' ? 1 : 0;
            Assert.Equal(newlines + trailing, sink.Events.Count);
        }, iter: 500);
    }

    // go-logfmt: quote when the value holds a byte <= ' ', '=' or '"'; escape \\ \" \n \r \t and other controls as \u00XX.
    private static string GoLogfmtValue(string value)
    {
        if (value.Length > 0 && !value.Any(c => c <= ' ' || c == '=' || c == '"'))
        {
            return value;
        }

        return "\"" + GoLogfmtEscape(value) + "\"";
    }

    private static string GoLogfmtEscape(string value)
    {
        var quoted = new StringBuilder();
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.ToString();
    }
}
