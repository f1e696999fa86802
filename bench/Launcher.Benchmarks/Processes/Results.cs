namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>Every figure's samples per row, in the order they were first measured, plus failed checks and notes.</summary>
internal sealed class Results
{
    private readonly Dictionary<string, List<(string Row, Samples Samples)>> _figures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _notes = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, string> _facts = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Failures => _failures;

    public Samples For(string figure, string row)
    {
        if (!_figures.TryGetValue(figure, out var rows))
        {
            rows = [];
            _figures[figure] = rows;
        }
        foreach (var (name, samples) in rows)
        {
            if (name == row)
            {
                return samples;
            }
        }
        var created = new Samples();
        rows.Add((row, created));
        return created;
    }

    public IReadOnlyList<(string Row, Samples Samples)> Rows(string figure) =>
        _figures.TryGetValue(figure, out var rows) ? rows : [];

    public Samples? Find(string figure, string row) => Rows(figure).FirstOrDefault(r => r.Row == row).Samples;

    /// <summary>A cell text that replaces the samples of a row (e.g. "not forwarded").</summary>
    public void Note(string figure, string row, string text)
    {
        _ = For(figure, row);
        _notes[figure + "\n" + row] = text;
    }

    public string? NoteFor(string figure, string row) => _notes.GetValueOrDefault(figure + "\n" + row);

    /// <summary>Something a scenario learnt that the report quotes (e.g. the SDK version a compile used).</summary>
    public void SetFact(string name, string value) => _facts[name] = value;

    public string? Fact(string name) => _facts.GetValueOrDefault(name);

    public void Fail(string message)
    {
        lock (_failures)
        {
            _failures.Add(message);
        }
        Console.Error.WriteLine($"bench: FAILED: {message}");
    }
}
