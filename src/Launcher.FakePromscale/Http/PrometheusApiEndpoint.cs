using Microsoft.AspNetCore.Http;

namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>The PromQL API routes, answered with empty successful results: present so auth and 404/405 behave as in Promscale.</summary>
internal static class PrometheusApiEndpoint
{
    public static Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var data = path.EndsWith("/query", StringComparison.Ordinal) ? """{"resultType":"vector","result":[]}"""
            : path.EndsWith("/query_range", StringComparison.Ordinal) ? """{"resultType":"matrix","result":[]}"""
            : path.EndsWith("/metadata", StringComparison.Ordinal) ? "{}"
            : "[]";
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"status":"success","data":{{data}}}""", context.RequestAborted);
    }
}
