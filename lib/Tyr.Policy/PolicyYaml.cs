using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tyr.Policy;

/// <summary>
/// Reads policy files (schema v1) through YamlDotNet's representation model (no reflection, so NativeAOT-safe).
/// Every problem is reported with the file, line and column of the offending node; all problems in a document are
/// collected before throwing a <see cref="PolicyYamlException"/>.
/// </summary>
public static class PolicyYaml
{
    /// <summary>Reads and parses the policy file at <paramref name="path"/>.</summary>
    public static PolicyDocument Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyYamlException([new PolicyYamlError(path, 1, 1, $"cannot read: {e.Message}")], e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses policy text; <paramref name="fileName"/> is used in error positions.</summary>
    public static PolicyDocument Parse(string yaml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new PolicyYamlException([SyntaxError(yaml, fileName, e)], e);
        }

        var reader = new PolicyReader(yaml, fileName);
        var document = reader.Read(stream);
        if (reader.Errors.Count > 0)
        {
            throw new PolicyYamlException(reader.Errors);
        }

        return document!;
    }

    private static PolicyYamlError SyntaxError(string yaml, string fileName, YamlException e)
    {
        var line = (int)e.Start.Line;
        var column = (int)e.Start.Column;
        var message = e.Message.Contains("Duplicate key", StringComparison.Ordinal)
            ? $"duplicate key `{KeyTextAt(yaml, (int)e.Start.Index)}`"
            : StripPosition(e.Message);
        return new PolicyYamlError(fileName, Math.Max(line, 1), Math.Max(column, 1), message);
    }

    // YamlDotNet prefixes messages with "(Line: 1, Col: 2, Idx: 3) - (Line: ...): "; the position is ours to report.
    private static string StripPosition(string message)
    {
        const string Separator = "): ";
        if (message.StartsWith("(Line:", StringComparison.Ordinal))
        {
            var at = message.IndexOf(Separator, message.IndexOf(") - (", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
            if (at > 0)
            {
                message = message[(at + Separator.Length)..];
            }
        }

        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : message;
    }

    private static string KeyTextAt(string yaml, int index)
    {
        if (index < 0 || index >= yaml.Length)
        {
            return "?";
        }

        var end = index;
        while (end < yaml.Length && yaml[end] is not (':' or '\n' or '\r'))
        {
            end++;
        }

        return yaml[index..end].Trim().Trim('"', '\'');
    }
}
