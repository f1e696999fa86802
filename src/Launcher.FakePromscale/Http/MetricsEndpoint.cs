using System.Globalization;
using Microsoft.AspNetCore.Http;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Http;

/// <summary><c>web.telemetry-path</c>: a few lines of Prometheus exposition, including <c>promscale_build_info</c>.</summary>
internal sealed class MetricsEndpoint(PromscaleVersion version, IngestStatistics statistics, DateTimeOffset startedAt)
{
    public Task HandleAsync(HttpContext context)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $$"""
            # HELP promscale_build_info A metric with a constant '1' value labeled by version, revision, branch, and goversion from which promscale was built.
            # TYPE promscale_build_info gauge
            promscale_build_info{branch="HEAD",commit="{{version.CommitHash}}",version="{{version.Text}}"} 1
            # HELP promscale_ingest_items_total Total number of items ingested.
            # TYPE promscale_ingest_items_total counter
            promscale_ingest_items_total{kind="sample",type="metric"} {{statistics.Samples}}
            # HELP promscale_ingest_requests_total Total number of remote-write requests accepted.
            # TYPE promscale_ingest_requests_total counter
            promscale_ingest_requests_total{type="metric"} {{statistics.Requests}}
            # HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
            # TYPE process_start_time_seconds gauge
            process_start_time_seconds {{startedAt.ToUnixTimeMilliseconds() / 1000.0}}

            """);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
