using Microsoft.AspNetCore.Http;

namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>What Go's <c>net/http</c> helpers write.</summary>
internal static class GoHttpResponses
{
    /// <summary><c>http.Error</c>: text/plain, nosniff, the text plus a newline.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }

    /// <summary>A status with an empty body and <c>Content-Length: 0</c>.</summary>
    public static Task EmptyAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
