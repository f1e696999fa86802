namespace PromscaleLauncher.Diagnostics;

internal enum CheckStatus
{
    Ok,
    Warn,
    Fail,
}
