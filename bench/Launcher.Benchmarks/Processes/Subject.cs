namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>Something that starts Promscale (the probe or the fake): the launcher, or a baseline.</summary>
internal sealed record Subject(string Name, SubjectKind Kind, Func<string, IReadOnlyList<string>> CommandFor)
{
    public bool IsLauncher => Kind is SubjectKind.LauncherAot or SubjectKind.LauncherJit;

    public static IReadOnlyList<Subject> All(BenchTools tools)
    {
        var subjects = new List<Subject> { new("launcher (AOT)", SubjectKind.LauncherAot, _ => [tools.LauncherAot]) };
        if (tools.LauncherJit is { } jit)
        {
            subjects.Add(new("launcher (JIT)", SubjectKind.LauncherJit, _ => [jit]));
        }
        subjects.Add(new("bash -c 'exec child'", SubjectKind.BashExec, child => ["bash", "-c", "exec \"$0\"", child]));
        subjects.Add(new("tini -s -- child", SubjectKind.Tini, child => [tools.Tini, "-s", "--", child]));
        subjects.Add(new("original boot.sh (bash, no exec)", SubjectKind.BootScript, _ => ["bash", tools.BootScript]));
        return subjects;
    }
}
