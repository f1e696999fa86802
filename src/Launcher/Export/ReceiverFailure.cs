namespace PromscaleLauncher.Export;

internal enum ReceiverFailureKind
{
    /// <summary>A 4xx other than 401/403: the receiver refused these samples; sending them again would not help.</summary>
    Rejected,

    /// <summary>401 or 403: the credentials; no retry.</summary>
    Unauthorized,

    /// <summary>5xx, 429 or a network error for longer than the retry budget.</summary>
    Unavailable,

    /// <summary>A stop signal arrived while the receiver was failing: the batch was not acknowledged.</summary>
    Interrupted,
}

/// <summary>Why the receiver did not acknowledge a request; <see cref="ReceiverMessage"/> is its answer, escaped and truncated.</summary>
internal sealed class ReceiverFailure(ReceiverFailureKind kind, int status, string receiverMessage, int attempts, TimeSpan elapsed)
    : Exception($"the receiver answered {status}: {receiverMessage}")
{
    public ReceiverFailureKind Kind { get; } = kind;

    /// <summary>The HTTP status, or 0 for a network error.</summary>
    public int Status { get; } = status;

    public string ReceiverMessage { get; } = receiverMessage;

    public int Attempts { get; } = attempts;

    public TimeSpan Elapsed { get; } = elapsed;
}
