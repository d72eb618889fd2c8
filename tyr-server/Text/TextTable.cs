using System.Text;

namespace Tyr.Server.Text;

/// <summary>Left-aligned columns separated by two spaces; the first row is the header.</summary>
internal static class TextTable
{
    public static string Format(IReadOnlyList<string[]> rows)
    {
        var widths = new int[rows.Count == 0 ? 0 : rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                text.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
