using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>Kestrel's application callback without the generic host (no DI, no logging, no lifetime signals).</summary>
internal sealed class PromscaleHttpApplication(RequestRouter router) : IHttpApplication<HttpContext>
{
    public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

    public Task ProcessRequestAsync(HttpContext context) => router.RouteAsync(context);

    public void DisposeContext(HttpContext context, Exception? exception)
    {
    }
}
