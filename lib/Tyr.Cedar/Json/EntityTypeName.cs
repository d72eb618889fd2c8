namespace Tyr.Cedar.Json;

/// <summary>
/// The rule for an entity type written as a JSON string: identifiers joined by <c>::</c>, no
/// whitespace, no reserved word, no <c>__cedar</c> component (the official parser's "normalized name").
/// </summary>
internal static class EntityTypeName
{
    /// <summary>Null when <paramref name="type"/> is valid, else why not.</summary>
    public static string? Check(string type)
    {
        if (type.Length == 0)
        {
            return "the entity type is empty";
        }

        foreach (var range in type.AsSpan().Split("::"))
        {
            var part = type.AsSpan()[range];
            if (!IsIdentifier(part))
            {
                return JsonText.Quote(type) + " is not a valid entity type: expected identifiers separated by `::`";
            }

            if (IsReserved(part))
            {
                return JsonText.Quote(type) + " is not a valid entity type: `" + part.ToString() + "` is a reserved identifier";
            }

            if (part.SequenceEqual("__cedar"))
            {
                return JsonText.Quote(type) + " is not a valid entity type: `__cedar` is reserved";
            }
        }

        return null;
    }

    private static bool IsIdentifier(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || !(char.IsAsciiLetter(s[0]) || s[0] == '_'))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsReserved(ReadOnlySpan<char> s) =>
        s is "true" or "false" or "if" or "then" or "else" or "in" or "is" or "like" or "has";
}
