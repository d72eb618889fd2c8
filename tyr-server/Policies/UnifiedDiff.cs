using System.Globalization;
using System.Text;

namespace Tyr.Server.Policies;

/// <summary>
/// A line diff in the unified format of <c>diff -u</c> (3 lines of context), for policy YAML and
/// Cedar. Myers' O(ND) algorithm: policies are small and versions close, so D is small.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    private enum Op
    {
        Keep,
        Delete,
        Insert,
    }

    /// <summary>The diff from <paramref name="oldText"/> to <paramref name="newText"/>; empty when they are equal.</summary>
    public static string Create(string oldText, string newText, string oldLabel, string newLabel)
    {
        if (string.Equals(oldText, newText, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var a = SplitLines(oldText);
        var b = SplitLines(newText);
        var script = Script(a, b);
        var output = new StringBuilder();
        output.Append("--- ").AppendLine(oldLabel).Append("+++ ").AppendLine(newLabel);
        AppendHunks(output, script, a, b);
        return output.ToString();
    }

    private static string[] SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        // A final newline ends the last line rather than starting an empty one.
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>The edit script as (op, index in a, index in b), in order.</summary>
    private static List<(Op Op, int A, int B)> Script(string[] a, string[] b)
    {
        int n = a.Length, m = b.Length, max = n + m;
        var v = new int[(2 * max) + 2];
        var trace = new List<int[]>();
        var done = false;
        for (var d = 0; d <= max && !done; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) ? v[max + k + 1] : v[max + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && string.Equals(a[x], b[y], StringComparison.Ordinal))
                {
                    x++;
                    y++;
                }

                v[max + k] = x;
                if (x >= n && y >= m)
                {
                    done = true;
                    break;
                }
            }
        }

        // Walk the trace back from (n, m) to (0, 0).
        var script = new List<(Op, int, int)>();
        int cx = n, cy = m;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var vd = trace[d];
            var k = cx - cy;
            var previousK = k == -d || (k != d && vd[max + k - 1] < vd[max + k + 1]) ? k + 1 : k - 1;
            var previousX = d == 0 ? 0 : vd[max + previousK];
            var previousY = previousX - previousK;
            while (cx > previousX && cy > previousY)
            {
                script.Add((Op.Keep, --cx, --cy));
            }

            if (d > 0)
            {
                if (cx == previousX)
                {
                    script.Add((Op.Insert, cx, --cy));
                }
                else
                {
                    script.Add((Op.Delete, --cx, cy));
                }
            }
        }

        script.Reverse();
        return script;
    }

    private static void AppendHunks(StringBuilder output, List<(Op Op, int A, int B)> script, string[] a, string[] b)
    {
        var i = 0;
        while (i < script.Count)
        {
            // The next change, with up to Context kept lines before it.
            while (i < script.Count && script[i].Op == Op.Keep)
            {
                i++;
            }

            if (i == script.Count)
            {
                return;
            }

            var start = Math.Max(0, i - Context);
            // Extend while changes are no more than 2 * Context kept lines apart.
            var end = i;
            var lastChange = i;
            while (end < script.Count && end - lastChange <= 2 * Context)
            {
                if (script[end].Op != Op.Keep)
                {
                    lastChange = end;
                }

                end++;
            }

            end = Math.Min(script.Count, lastChange + Context + 1);
            AppendHunk(output, script, start, end, a, b);
            i = end;
        }
    }

    private static void AppendHunk(StringBuilder output, List<(Op Op, int A, int B)> script, int start, int end, string[] a, string[] b)
    {
        int oldCount = 0, newCount = 0;
        for (var i = start; i < end; i++)
        {
            if (script[i].Op != Op.Insert)
            {
                oldCount++;
            }

            if (script[i].Op != Op.Delete)
            {
                newCount++;
            }
        }

        // Line numbers are 1-based; an empty side is numbered by the line before it (diff -u's rule).
        var oldStart = oldCount == 0 ? script[start].A : script[start].A + 1;
        var newStart = newCount == 0 ? script[start].B : script[start].B + 1;
        output.Append(CultureInfo.InvariantCulture, $"@@ -{Range(oldStart, oldCount)} +{Range(newStart, newCount)} @@\n");
        for (var i = start; i < end; i++)
        {
            var (op, x, y) = script[i];
            output.Append(op switch { Op.Keep => ' ', Op.Delete => '-', _ => '+' })
                .Append(op == Op.Insert ? b[y] : a[x])
                .Append('\n');
        }
    }

    private static string Range(int start, int count) =>
        count == 1 ? start.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{start},{count}");
}
