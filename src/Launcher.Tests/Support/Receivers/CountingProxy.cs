using System.Net;
using PromscaleLauncher.Export.Protocol;
using PromscaleLauncher.Tests.Support.Processes;
using Snappier;

namespace PromscaleLauncher.Tests.Support.Receivers;

/// <summary>
/// An in-test HTTP listener in front of a real receiver: forwards each remote-write request and counts what the receiver
/// acknowledged (requests, and samples decoded from the snappy protobuf). It can start answering 503 after
/// <see cref="ForwardBeforeFailing"/> requests, and hold one request until the test releases it (to signal the
/// exporter while a request is in flight). With <see cref="RequiredBearerToken"/> it stands for a receiver behind
/// bearer-token auth: a request without exactly that token gets 401 (counted, not forwarded).
/// </summary>
public sealed class CountingProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _forward = new();
    private readonly Uri _receiver;
    private readonly Task _loop;
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;
    private long _acknowledgedSamples;
    private int _failed;

    public CountingProxy(string receiverWriteUrl)
    {
        _receiver = new Uri(receiverWriteUrl);
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string WriteUrl => $"http://127.0.0.1:{Port}/api/v1/write";

    /// <summary>Requests forwarded before every later one gets 503 (null: never).</summary>
    public int? ForwardBeforeFailing { get; set; }

    /// <summary>The 1-based request to hold until <see cref="Release"/> (null: none).</summary>
    public int? HoldRequest { get; set; }

    /// <summary>The token every request must carry as `Authorization: Bearer &lt;token&gt;` (null: none required).</summary>
    public string? RequiredBearerToken { get; init; }

    public int Requests => Volatile.Read(ref _requests);

    public int FailedRequests => Volatile.Read(ref _failed);

    public long AcknowledgedSamples => Interlocked.Read(ref _acknowledgedSamples);

    /// <summary>Completes when the held request arrived (and waits).</summary>
    public Task Held => _held.Task;

    public void Release() => _release.TrySetResult();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        if (RequiredBearerToken is { } token && context.Request.Headers["Authorization"] != $"Bearer {token}")
        {
            if (context.Request.HttpMethod == "POST")
            {
                Interlocked.Increment(ref _requests);
            }
            context.Response.StatusCode = 401;
            await context.Response.OutputStream.WriteAsync("injected: missing or wrong bearer token"u8.ToArray());
            context.Response.Close();
            return;
        }
        if (context.Request.HttpMethod != "POST")
        {
            // Queries (--verify) pass through uncounted.
            using var query = new HttpRequestMessage(HttpMethod.Get, new Uri(_receiver, context.Request.Url!.PathAndQuery));
            if (context.Request.Headers["Authorization"] is { } authorization)
            {
                query.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            using var answered = await _forward.SendAsync(query);
            context.Response.StatusCode = (int)answered.StatusCode;
            await context.Response.OutputStream.WriteAsync(await answered.Content.ReadAsByteArrayAsync());
            context.Response.Close();
            return;
        }
        var number = Interlocked.Increment(ref _requests);
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        if (number == HoldRequest)
        {
            _held.TrySetResult();
            await _release.Task;
        }
        if (ForwardBeforeFailing is { } limit && number > limit)
        {
            Interlocked.Increment(ref _failed);
            context.Response.StatusCode = 503;
            await context.Response.OutputStream.WriteAsync("injected: service unavailable"u8.ToArray());
            context.Response.Close();
            return;
        }
        using var forward = new HttpRequestMessage(HttpMethod.Post, _receiver) { Content = new ByteArrayContent(body.ToArray()) };
        foreach (var name in context.Request.Headers.AllKeys)
        {
            if (name is null || name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var value = context.Request.Headers[name]!;
            if (!forward.Headers.TryAddWithoutValidation(name, value))
            {
                forward.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        using var response = await _forward.SendAsync(forward);
        var answer = await response.Content.ReadAsByteArrayAsync();
        if (response.IsSuccessStatusCode)
        {
            var request = WriteRequest.Parser.ParseFrom(Snappy.DecompressToArray(body.ToArray()));
            Interlocked.Add(ref _acknowledgedSamples, request.Timeseries.Sum(series => (long)series.Samples.Count));
        }
        context.Response.StatusCode = (int)response.StatusCode;
        await context.Response.OutputStream.WriteAsync(answer);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        _listener.Stop();
        _listener.Close();
        await _loop;
        _forward.Dispose();
    }
}
