using System.Globalization;
using Microsoft.AspNetCore.Http;
using PromscaleLauncher.FakePromscale.Database;
using PromscaleLauncher.FakePromscale.Logging;

namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>
/// <c>/write</c> (contract §5.1): protobuf requests need snappy and a 0.1.x remote-write version header; the body
/// must decode and parse. Accepted samples cost one real round trip on the writer pool, so a lost database gives 500.
/// </summary>
internal sealed class RemoteWriteEndpoint(PromscaleClient? client, IngestStatistics statistics, PromscaleLogger log)
{
    public async Task HandleAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType ?? string.Empty;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        int samples;
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
        {
            // Accepted as is: the fake does not parse these formats.
            samples = 0;
        }
        else
        {
            var headerError = ValidateHeaders(context.Request);
            if (headerError is not null)
            {
                log.Error("write.go:95", ("msg", "Write header validation error"), ("err", headerError));
                await GoHttpResponses.ErrorAsync(context, StatusCodes.Status400BadRequest, headerError);
                return;
            }

            byte[] decoded;
            try
            {
                decoded = SnappyBlockDecoder.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            }
            catch (FormatException ex)
            {
                log.Error("write.go:172", ("msg", "snappy decode error"), ("err", ex.Message));
                await GoHttpResponses.ErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message);
                return;
            }

            try
            {
                samples = RemoteWriteRequestReader.CountSamples(decoded);
            }
            catch (FormatException ex)
            {
                log.Error("write.go:180", ("msg", "parser error"), ("err", ex.Message));
                await GoHttpResponses.ErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message);
                return;
            }
        }

        if (samples > 0 && client?.Writer is { } writer)
        {
            try
            {
                await writer.UseAsync(
                    async connection =>
                    {
                        await connection.ExecuteAsync("SELECT 1", context.RequestAborted);
                        return true;
                    },
                    context.RequestAborted);
            }
            catch (PgxException ex)
            {
                log.Warn("write.go:244", ("msg", "Error sending samples to remote storage"), ("err", ex.Message), ("num_samples", samples.ToString(CultureInfo.InvariantCulture)));
                await GoHttpResponses.ErrorAsync(context, StatusCodes.Status500InternalServerError, ex.Message);
                return;
            }
        }

        statistics.Record(samples);
        await GoHttpResponses.EmptyAsync(context, StatusCodes.Status200OK);
    }

    private static string? ValidateHeaders(HttpRequest request)
    {
        var encoding = request.Headers.ContentEncoding.ToString();
        if (!encoding.Contains("snappy", StringComparison.Ordinal))
        {
            return $"non-snappy compressed data got: {encoding}";
        }

        var remoteWriteVersion = request.Headers["X-Prometheus-Remote-Write-Version"].ToString();
        if (remoteWriteVersion.Length == 0)
        {
            return "Missing X-Prometheus-Remote-Write-Version header";
        }

        return remoteWriteVersion.StartsWith("0.1.", StringComparison.Ordinal)
            ? null
            : $"unexpected Remote-Write-Version {remoteWriteVersion}, expected 0.1.X";
    }
}
