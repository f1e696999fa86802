namespace PromscaleLauncher.Benchmarks.Processes;

internal enum SubjectKind
{
    LauncherAot,
    LauncherJit,
    BashExec,
    Tini,
    BootScript,
}
