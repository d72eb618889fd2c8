using System.Security.Cryptography.X509Certificates;

namespace Tyr.Pki;

/// <summary>
/// Where an agent's identity lives in its client certificate. The server reads the agent id from
/// here and nowhere else: a message can never claim to be another agent.
/// </summary>
public static class AgentIdentity
{
    /// <summary>URI SAN prefix; the full SAN is <c>urn:tyr:agent:&lt;uuid&gt;</c>.</summary>
    public const string UriPrefix = "urn:tyr:agent:";

    public static Uri ToUri(Guid agentId) => new(UriPrefix + agentId.ToString("D"));

    /// <summary>The agent id carried by a client certificate, or null when it carries none.</summary>
    public static Guid? FromCertificate(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is not X509SubjectAlternativeNameExtension san)
            {
                continue;
            }

            // X509SubjectAlternativeNameExtension exposes DNS names and IPs only; URIs need the raw
            // GeneralNames, which AsnReader gives us without reflection.
            foreach (var uri in SubjectAlternativeNames.ReadUris(san.RawData))
            {
                if (uri.StartsWith(UriPrefix, StringComparison.Ordinal) &&
                    Guid.TryParseExact(uri.AsSpan(UriPrefix.Length), "D", out var id))
                {
                    return id;
                }
            }
        }

        return null;
    }
}
