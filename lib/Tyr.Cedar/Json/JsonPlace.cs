using System.Globalization;
using System.Text;

namespace Tyr.Cedar.Json;

/// <summary>
/// Where a value sits in a JSON input, so that an error can say <c>entity User::"alice": attrs.age</c>
/// or <c>requests[3].context.ip</c>. Immutable and built only along the path being read; the text is
/// produced only when an error needs it.
/// </summary>
internal sealed class JsonPlace
{
    private readonly JsonPlace? _parent;
    private readonly string? _name;
    private readonly int _index;

    private JsonPlace(JsonPlace? parent, string? name, int index)
    {
        _parent = parent;
        _name = name;
        _index = index;
    }

    /// <summary>The top of a document: an error here is the bare message.</summary>
    public static readonly JsonPlace Root = new(null, null, -1);

    /// <summary>A top that names an object rather than a path, such as <c>entity User::"alice"</c>.</summary>
    public static JsonPlace Context(string label) => new(null, label, -1);

    public JsonPlace Property(string name) => new(this, name, -1);

    public JsonPlace Index(int index) => new(this, null, index);

    public CedarJsonException Error(string message)
    {
        var place = ToString();
        return new CedarJsonException(place.Length == 0 ? message : place + ": " + message);
    }

    public override string ToString()
    {
        var segments = new List<JsonPlace>();
        for (var p = this; p._parent is not null; p = p._parent)
        {
            segments.Add(p);
        }

        var top = segments.Count == 0 ? this : segments[^1]._parent!;
        var sb = new StringBuilder();
        if (top._name is not null)
        {
            sb.Append(top._name);
            if (segments.Count > 0)
            {
                sb.Append(": ");
            }
        }

        var pathStart = sb.Length;
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            var segment = segments[i];
            if (segment._name is null)
            {
                sb.Append('[').Append(segment._index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (IsPlainName(segment._name))
            {
                if (sb.Length > pathStart)
                {
                    sb.Append('.');
                }

                sb.Append(segment._name);
            }
            else
            {
                sb.Append('[').Append(JsonText.Quote(segment._name)).Append(']');
            }
        }

        return sb.ToString();
    }

    private static bool IsPlainName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
