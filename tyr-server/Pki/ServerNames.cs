using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Tyr.Server.Pki;

/// <summary>
/// The names the server certificate is valid for (--san): DNS names and IP addresses, kept apart
/// because an IP must be an iPAddress SAN to match when a client dials the address.
/// </summary>
internal sealed class ServerNames
{
    private ServerNames(SortedSet<string> dnsNames, SortedSet<string> ipAddresses)
    {
        DnsNames = dnsNames;
        IpAddresses = ipAddresses;
    }

    public IReadOnlyCollection<string> DnsNames { get; }

    /// <summary>Canonical text of each address (IPAddress.ToString), so sets compare by value.</summary>
    public IReadOnlyCollection<string> IpAddresses { get; }

    /// <summary>The host name, localhost and both loopback addresses.</summary>
    public static ServerNames Default(string hostName)
    {
        return TryParse([hostName, "localhost", "127.0.0.1", "::1"], out var names, out var error)
            ? names
            : throw new InvalidOperationException($"the host name cannot be a certificate name ({error}); pass --san");
    }

    public static bool TryParse(IEnumerable<string> values, [NotNullWhen(true)] out ServerNames? names, [NotNullWhen(false)] out string? error)
    {
        var dns = new SortedSet<string>(StringComparer.Ordinal);
        var ips = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in values)
        {
            var value = raw.Trim();
            if (IPAddress.TryParse(value, out var address))
            {
                ips.Add(address.ToString());
            }
            else if (IsDnsName(value))
            {
                dns.Add(value.ToLowerInvariant());
            }
            else
            {
                names = null;
                error = $"'{raw}' is neither an IP address nor a DNS name";
                return false;
            }
        }

        if (dns.Count + ips.Count == 0)
        {
            names = null;
            error = "at least one name is required";
            return false;
        }

        names = new ServerNames(dns, ips);
        error = null;
        return true;
    }

    /// <summary>The names a certificate's SAN extension carries, in the same canonical form.</summary>
    public static ServerNames FromCertificate(X509Certificate2 certificate)
    {
        var dns = new SortedSet<string>(StringComparer.Ordinal);
        var ips = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                foreach (var name in san.EnumerateDnsNames())
                {
                    dns.Add(name.ToLowerInvariant());
                }

                foreach (var address in san.EnumerateIPAddresses())
                {
                    ips.Add(address.ToString());
                }
            }
        }

        return new ServerNames(dns, ips);
    }

    public bool SetEquals(ServerNames other) =>
        DnsNames.SequenceEqual(other.DnsNames, StringComparer.Ordinal) &&
        IpAddresses.SequenceEqual(other.IpAddresses, StringComparer.Ordinal);

    public X509Extension ToExtension()
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in DnsNames)
        {
            builder.AddDnsName(name);
        }

        foreach (var address in IpAddresses)
        {
            builder.AddIpAddress(IPAddress.Parse(address));
        }

        return builder.Build();
    }

    public override string ToString() => string.Join(", ", DnsNames.Concat(IpAddresses));

    // RFC 1123 labels, with an optional leading wildcard label; no trailing dot.
    private static bool IsDnsName(string value)
    {
        if (value.Length is 0 or > 253)
        {
            return false;
        }

        var labels = value.Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (i == 0 && label == "*" && labels.Length > 1)
            {
                continue;
            }

            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
                {
                    return false;
                }
            }
        }

        return true;
    }
}
