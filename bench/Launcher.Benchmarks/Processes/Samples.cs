using System.Globalization;

namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>Repeated measurements of one figure: median and spread (min–max), n.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public void Add(double value) => _values.Add(value);

    public double Median
    {
        get
        {
            if (_values.Count == 0)
            {
                return double.NaN;
            }
            var sorted = _values.Order().ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    public double Min => _values.Count == 0 ? double.NaN : _values.Min();

    public double Max => _values.Count == 0 ? double.NaN : _values.Max();

    public IReadOnlyList<double> Values => _values;

    /// <summary>"12.3 (11.9–13.0, n=15)".</summary>
    public string Describe(string format) => Count == 0
        ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{Median.ToString(format, CultureInfo.InvariantCulture)} ({Min.ToString(format, CultureInfo.InvariantCulture)}–{Max.ToString(format, CultureInfo.InvariantCulture)}, n={Count})");
}
