using System.Net;

namespace Tyr.Policy;

/// <summary>How a path pattern matches.</summary>
public enum PathPatternKind
{
    /// <summary>No wildcard: the path itself.</summary>
    Exact,

    /// <summary>The only <c>*</c> is the last character: every path that starts with <see cref="PathPattern.Prefix"/>.</summary>
    Prefix,

    /// <summary>Any other use of <c>*</c>.</summary>
    Glob,
}

/// <summary>A file path pattern: absolute (<c>/...</c>) or home-relative (<c>~/...</c>), <c>*</c> as the only wildcard.</summary>
public sealed record PathPattern(string Text, bool IsHomeRelative, PathPatternKind Kind)
{
    /// <summary>For a <see cref="PathPatternKind.Prefix"/> pattern, the text before the final <c>*</c>; otherwise the text.</summary>
    public string Prefix => Kind == PathPatternKind.Prefix ? Text[..^1] : Text;

    public override string ToString() => Text;
}

/// <summary>An IPv4 or IPv6 network; a bare address is a /32 or /128.</summary>
public readonly record struct CidrRange(IPNetwork Network)
{
    public override string ToString() => Network.ToString();
}

/// <summary>An inclusive port range; a single port has <see cref="Low"/> equal to <see cref="High"/>.</summary>
public readonly record struct PortRange(int Low, int High)
{
    public bool Contains(int port) => port >= Low && port <= High;

    public override string ToString() => Low == High ? Low.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Low}-{High}";
}

/// <summary>A TLS server name (lower case), or <c>*.suffix</c> matching any single label before the suffix.</summary>
public sealed record SniPattern(string Text, bool IsWildcard)
{
    /// <summary>For a wildcard, the part after <c>*.</c>; otherwise the host name.</summary>
    public string HostName => IsWildcard ? Text[2..] : Text;

    public override string ToString() => Text;
}
