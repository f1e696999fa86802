using Microsoft.AspNetCore.Http;
using PromscaleLauncher.FakePromscale.Database;
using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Logging;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>
/// <c>api.GenerateRouter</c> (contract §5): unknown path → 404 <c>404 page not found</c>, known path with another
/// method → 405 (empty in 0.11+'s gorilla/mux, <c>Method Not Allowed</c> in 0.10's httprouter), both before auth;
/// every matched route goes through <see cref="AuthenticationGate"/>.
/// </summary>
internal sealed class RequestRouter
{
    private static readonly string[] _get = ["GET"];
    private static readonly string[] _post = ["POST"];
    private static readonly string[] _getPost = ["GET", "POST"];

    private readonly PromscaleVersion _version;
    private readonly AuthenticationGate _auth;
    private readonly List<Route> _routes = [];

    public RequestRouter(PromscaleVersion version, PromscaleSettings settings, PromscaleClient? client, IngestStatistics statistics, PromscaleLogger log, DateTimeOffset startedAt)
    {
        _version = version;
        _auth = new AuthenticationGate(settings, log);
        if (!settings.ReadOnly)
        {
            _routes.Add(Route.Exact("/write", _post, new RemoteWriteEndpoint(client, statistics, log).HandleAsync));
        }

        _routes.Add(Route.Exact("/read", _getPost, ReadAsync));
        foreach (var api in new[] { "query", "query_range", "query_exemplars", "series", "labels", "metadata" })
        {
            _routes.Add(Route.Exact($"/api/v1/{api}", _getPost, PrometheusApiEndpoint.HandleAsync));
        }

        _routes.Add(new Route(
            path => path.StartsWith("/api/v1/label/", StringComparison.Ordinal) && path.EndsWith("/values", StringComparison.Ordinal) && path.Length > "/api/v1/label//values".Length,
            _get.ToHashSet(StringComparer.Ordinal),
            PrometheusApiEndpoint.HandleAsync));
        _routes.Add(Route.Exact("/healthz", version.IsLegacy ? _get : ["GET", "HEAD", "OPTIONS"], new HealthEndpoint(client, log).HandleAsync));
        _routes.Add(Route.Exact(settings.TelemetryPath, _get, new MetricsEndpoint(version, statistics, startedAt).HandleAsync));
    }

    public async Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var matching = _routes.Where(route => route.MatchesPath(path)).ToList();
        if (matching.Count == 0)
        {
            await GoHttpResponses.ErrorAsync(context, StatusCodes.Status404NotFound, "404 page not found");
            return;
        }

        var route = matching.FirstOrDefault(r => r.Methods.Contains(context.Request.Method));
        if (route is null)
        {
            if (_version.IsLegacy)
            {
                context.Response.Headers.Allow = string.Join(", ", matching.SelectMany(r => r.Methods).Append("OPTIONS").Distinct());
                await GoHttpResponses.ErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed");
            }
            else
            {
                await GoHttpResponses.EmptyAsync(context, StatusCodes.Status405MethodNotAllowed);
            }

            return;
        }

        if (await _auth.AdmitAsync(context))
        {
            await route.Handler(context);
        }
    }

    /// <summary>Remote read: the body must be snappy; the fake has no data to return.</summary>
    private static async Task ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        try
        {
            _ = SnappyBlockDecoder.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (FormatException ex)
        {
            await GoHttpResponses.ErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message);
            return;
        }

        await GoHttpResponses.EmptyAsync(context, StatusCodes.Status200OK);
    }
}
