namespace PromscaleLauncher.Configuration;

/// <summary>Why a URL parameter (or its value) is refused, and the fix, for a one-line configuration problem.</summary>
internal sealed record UrlParameterRefusal(string Why, string Fix);
