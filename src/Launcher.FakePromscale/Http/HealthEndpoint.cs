using Microsoft.AspNetCore.Http;
using PromscaleLauncher.FakePromscale.Database;
using PromscaleLauncher.FakePromscale.Logging;

namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>
/// <c>/healthz</c> (docs/promscale.md §5.2): runs <c>SELECT</c> on the reader pool every call; 200 with an empty body, or
/// 500 with the error text, logging the error as a key without value (<c>…=(MISSING)</c>).
/// </summary>
internal sealed class HealthEndpoint(PromscaleClient? client, PromscaleLogger log)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (client is null)
        {
            await GoHttpResponses.EmptyAsync(context, StatusCodes.Status200OK);
            return;
        }

        try
        {
            await client.Reader.UseAsync(
                async connection =>
                {
                    await connection.ExecuteAsync("SELECT", context.RequestAborted);
                    return true;
                },
                context.RequestAborted);
        }
        catch (PgxException ex)
        {
            log.Warn("health.go:18", ("msg", "Healthcheck failed"), (ex.Message, null));
            await GoHttpResponses.ErrorAsync(context, StatusCodes.Status500InternalServerError, ex.Message);
            return;
        }

        await GoHttpResponses.EmptyAsync(context, StatusCodes.Status200OK);
    }
}
