using System.Text;
using System.Text.RegularExpressions;

namespace Tyr.Agents;

/// <summary>
/// An absolute path pattern: <c>**</c> matches any run of characters including <c>/</c> (so <c>**/x</c> is "any
/// directory, then x"), <c>*</c> any run within one path segment, <c>?</c> one character of a segment. Everything
/// else is literal. Kept this small on purpose: tyrd may later resolve these to inodes for the kernel.
/// </summary>
public sealed class PathGlob
{
    private readonly Regex _regex;

    private PathGlob(string text, Regex regex)
    {
        Text = text;
        _regex = regex;
    }

    public string Text { get; }

    /// <summary>Reads a pattern; null and a reason when it is not absolute or is malformed.</summary>
    public static (PathGlob? Glob, string? Error) TryParse(string text)
    {
        if (text.Length == 0)
        {
            return (null, "an empty path pattern matches nothing");
        }

        if (!text.StartsWith('/') && !text.StartsWith("**/", StringComparison.Ordinal))
        {
            return (null, $"path pattern `{text}` must be absolute: start it with `/` or `**/`");
        }

        if (text.Contains("***", StringComparison.Ordinal))
        {
            return (null, $"path pattern `{text}` has `***`: use `**` for any directories, `*` within one name");
        }

        var pattern = new StringBuilder("^");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
            }
            else if (c == '*')
            {
                pattern.Append("[^/]*");
            }
            else if (c == '?')
            {
                pattern.Append("[^/]");
            }
            else
            {
                pattern.Append(Regex.Escape(c.ToString()));
            }
        }

        pattern.Append('$');
        return (new PathGlob(text, new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline)), null);
    }

    public bool IsMatch(string path) => _regex.IsMatch(path);

    public override string ToString() => Text;
}
