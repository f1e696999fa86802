using System.Globalization;
using System.Text;
using CsCheck;
using PromscaleLauncher.Logging.Promscale;
using PromscaleLauncher.Tests.Logging.Support;

namespace PromscaleLauncher.Tests.Logging;

/// <summary>A known secret is masked in every escaped form a child may print it in, however the escapes are mixed.</summary>
public sealed class EscapedSecretRedactionTests
{
    private const string Nasty = "we\"b\\pa%ss@w:ord/é€😀 +x<&>'";

    // Printable chars that escapers treat differently; no '*' (the mask) and no lower-case letters (the line around).
    private static readonly Gen<string> _secrets = Gen.OneOf(
            Gen.Char["AZ09"], Gen.OneOfConst('"', '\\', '%', '@', ':', '/', ' ', '+', '\'', '<', '>', '&', '=', '?', '#', 'é', '€', 'ß'))
        .Array[3, 16]
        .Select(chars => new string(chars))
        .SelectMany(text => Gen.Bool.Select(withEmoji => withEmoji ? text + "😀" : text));

    private static void AssertMasked(string secret, string form, string redacted)
    {
        Assert.DoesNotContain(form, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Masks_every_form_of_a_secret_with_quotes_backslashes_percent_signs_and_non_ASCII()
    {
        var redactor = new SecretRedactor([Nasty]);

        foreach (var form in SecretForms.Of(Nasty))
        {
            AssertMasked(Nasty, form, redactor.Redact($"level=error msg=\"pw {form} end\""));
            AssertMasked(Nasty, form, redactor.Redact($"{{\"msg\":\"pw {form} end\"}}"));
            AssertMasked(Nasty, form, redactor.Redact($"panic: pw {form} end"));
        }
    }

    [Theory]
    [InlineData("p\\u0040ss%3Aw\\x6frd")]
    [InlineData("p@ss%3aw\\u006Frd")]
    [InlineData("\\u0070%40ss:w\\U0000006frd")]
    public void Masks_a_secret_whose_chars_are_escaped_each_in_a_different_way(string mixed)
    {
        var redacted = new SecretRedactor(["p@ss:word"]).Redact($"level=info msg=\"connecting with {mixed} now\"");

        Assert.Equal("level=info msg=\"connecting with **** now\"", redacted);
    }

    [Fact]
    public void Masks_a_secret_escaped_twice_as_JSON_around_logfmt()
    {
        var redacted = new SecretRedactor(["a\"b\\c"]).Redact("{\"line\":\"level=info msg=\\\"a\\\\\\\"b\\\\\\\\c\\\"\"}");

        Assert.Equal("{\"line\":\"level=info msg=\\\"****\\\"\"}", redacted);
    }

    [Fact]
    public void Leaves_escapes_that_are_not_a_secret_alone()
    {
        const string line = "level=info msg=\"50% done \\\"ok\\\" \\u00e9\" path=/a%20b";

        Assert.Equal(line, new SecretRedactor(["p@ss:word"]).Redact(line));
    }

    [Fact]
    public void For_any_secret_without_control_characters_every_escaped_form_is_masked()
    {
        _secrets.Sample(secret =>
        {
            var redactor = new SecretRedactor([secret]);
            foreach (var form in SecretForms.Of(secret))
            {
                AssertMasked(secret, form, redactor.Redact($"level=info msg=\"pw {form} end\""));
            }
        }, iter: 1000);
    }

    [Fact]
    public void For_any_secret_a_form_escaped_char_by_char_in_mixed_ways_is_masked()
    {
        var mixed = _secrets.SelectMany(secret => Gen.Int[0, 4].Array[secret.Length * 2].Select(choices => (secret, choices)));
        mixed.Sample((secret, choices) =>
        {
            var form = EscapeMixed(secret, choices);
            AssertMasked(secret, form, new SecretRedactor([secret]).Redact($"level=info msg=\"pw {form} end\""));
        }, iter: 1000);
    }

    [Fact]
    public void Never_cuts_a_long_line_inside_an_escaped_secret()
    {
        var redactor = new SecretRedactor([Nasty]);
        foreach (var form in SecretForms.Of(Nasty))
        {
            for (var offset = 1; offset < form.Length + 2; offset++)
            {
                var line = new string('x', 4000 - offset) + form + new string('y', 4000);
                var split = redactor.FindSafeSplit(line, 4000);

                AssertMasked(Nasty, form, redactor.Redact(line[..split]) + redactor.Redact(line[split..]));
            }
        }
    }

    // Each char: as is (unless \ or %, which an escaper always escapes), %XX per UTF-8 byte, \xNN per byte, \uXXXX per UTF-16 unit, or Go/JSON's \" \\.
    private static string EscapeMixed(string secret, int[] choices)
    {
        var output = new StringBuilder();
        var i = 0;
        foreach (var rune in secret.EnumerateRunes())
        {
            var choice = choices[i++ % choices.Length];
            var text = rune.ToString();
            var bytes = Encoding.UTF8.GetBytes(text);
            switch (choice)
            {
                case 0 when text is not ("\\" or "%"):
                    output.Append(text);
                    break;
                case 1 or 0:
                    output.AppendJoin("", bytes.Select(b => "%" + b.ToString(i % 2 == 0 ? "X2" : "x2", CultureInfo.InvariantCulture)));
                    break;
                case 2:
                    output.AppendJoin("", bytes.Select(b => "\\x" + b.ToString("x2", CultureInfo.InvariantCulture)));
                    break;
                case 3:
                    output.AppendJoin("", text.Select(c => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)));
                    break;
                default:
                    output.Append(text is "\"" or "\\" ? "\\" + text : text is "%" ? "%25" : text);
                    break;
            }
        }
        return output.ToString();
    }
}
