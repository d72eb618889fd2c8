using System.Text;

namespace Tyr.Cli.Output;

/// <summary>
/// Left-aligned columns separated by two spaces under an upper-case header, like tyr-server's and
/// kubectl's tables. The last column is not padded, so long values (paths, messages) go last.
/// Every cell goes through <see cref="TextCells.Clean"/>: event data comes from monitored hosts
/// and must not drive the operator's terminal.
/// </summary>
internal sealed class Table(params string[] headers)
{
    private const string Gap = "  ";
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string?[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"a row has {cells.Length} cells, the table {headers.Length} columns", nameof(cells));
        }

        _rows.Add([.. cells.Select(TextCells.Clean)]);
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        writer.Write(FormatRow(headers, widths));
        foreach (var row in _rows)
        {
            writer.Write(FormatRow(row, widths));
        }
    }

    /// <summary>One line with the given column widths (a cell wider than its column pushes the rest right).</summary>
    public static string FormatRow(IReadOnlyList<string> cells, IReadOnlyList<int> widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            line.Append(i == cells.Count - 1 ? cells[i] : cells[i].PadRight(widths[i]) + Gap);
        }

        return line.ToString().TrimEnd() + "\n";
    }
}
