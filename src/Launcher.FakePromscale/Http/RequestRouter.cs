using Microsoft.AspNetCore.Http;
using PromscaleLauncher.FakePromscale.Database;
using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Logging;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>
/// The one route the launcher uses, <c>/healthz</c> (docs/promscale.md §5): any other path → 404
/// <c>404 page not found</c>, another method → 405 (empty in 0.17's gorilla/mux, <c>Method Not Allowed</c> in
/// 0.10's httprouter), both before auth; <c>/healthz</c> itself goes through <see cref="AuthenticationGate"/>.
/// </summary>
internal sealed class RequestRouter(PromscaleVersion version, PromscaleSettings settings, PromscaleClient? client, PromscaleLogger log)
{
    private readonly AuthenticationGate _auth = new(settings, log);
    private readonly HealthEndpoint _health = new(client, log);
    private readonly string[] _healthMethods = version.IsLegacy ? ["GET"] : ["GET", "HEAD", "OPTIONS"];

    public async Task RouteAsync(HttpContext context)
    {
        if (context.Request.Path.Value != "/healthz")
        {
            await GoHttpResponses.ErrorAsync(context, StatusCodes.Status404NotFound, "404 page not found");
            return;
        }

        if (!_healthMethods.Contains(context.Request.Method))
        {
            if (version.IsLegacy)
            {
                context.Response.Headers.Allow = "GET, OPTIONS";
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
            await _health.HandleAsync(context);
        }
    }
}
