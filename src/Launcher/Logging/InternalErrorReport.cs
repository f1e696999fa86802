using Microsoft.Extensions.Logging;
using PromscaleLauncher.Logging.Promscale;

namespace PromscaleLauncher.Logging;

/// <summary>
/// One line for a bug: the exception's type, the method it came from and its message with every known secret
/// masked — never the stack trace (the rule for every output) nor a raw message.
/// </summary>
internal static class InternalErrorReport
{
    public static void Log(ILogger logger, Exception exception, IEnumerable<string?> secrets)
    {
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }
        var site = TopFrame(innermost.StackTrace ?? exception.StackTrace);
        var message = new SecretRedactor(secrets).Redact(innermost.Message.ReplaceLineEndings(" "));
        Logging.Log.InternalError(logger, innermost.GetType().Name, site, message);
    }

    /// <summary>"Type.Method" of the first frame (TargetSite is not available under trimming).</summary>
    private static string TopFrame(string? stackTrace)
    {
        var first = stackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null || !first.StartsWith("at ", StringComparison.Ordinal))
        {
            return "unknown";
        }
        var call = first[3..];
        var parenthesis = call.IndexOf('(');
        return parenthesis < 0 ? call : call[..parenthesis];
    }
}
