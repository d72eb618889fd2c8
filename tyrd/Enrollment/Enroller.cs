using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Tyr.Daemon.Diagnostics;
using Tyr.Daemon.Platform;
using Tyr.Daemon.Transport;
using Tyr.Pki;
using Tyr.Protocol;

namespace Tyr.Daemon.Enrollment;

/// <summary>
/// <c>tyrd enroll</c>: a key made here (it never leaves the host), a CSR, one Register call with the
/// token, and checks of everything the server returns before anything is written.
/// </summary>
internal static class Enroller
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    /// <returns>The new agent id.</returns>
    public static async Task<string> EnrollAsync(EnrollmentOptions options, CancellationToken cancellationToken)
    {
        options.State.EnsureExists();
        if (File.Exists(options.State.EnrollmentFile))
        {
            var previous = TryLoad(options.State.EnrollmentFile);
            Log.Warn($"replacing the existing enrollment{(previous is null ? string.Empty : $" (agent {previous.AgentId})")} in {options.State.Path}");
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new RegisterRequest
        {
            AgentName = options.Name,
            EnrollmentToken = options.Token,
            CsrPem = ByteString.CopyFromUtf8(CreateSigningRequest(options.Name, key)),
            KernelVersion = HostInfo.KernelVersion(),
            Arch = HostInfo.Architecture(),
        };

        var trust = InitialTrust(options);
        var response = await RegisterAsync(options, trust, request, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            // Pinned, and the handshake did not carry the CA: fetch it (no token involved), then retry.
            var (ca, problem) = await CaPreflight.FetchAsync(options.Server, options.CaFingerprint!, cancellationToken).ConfigureAwait(false);
            if (ca is null)
            {
                throw new EnrollmentException(
                    $"cannot verify {options.Server}: {trust.Refusal}, and {problem}; " +
                    $"copy the server's CA to {options.CaFile} (check its fingerprint) and enroll again");
            }

            trust = EnrollmentTrust.Pinned(options.CaFingerprint!, ca);
            response = await RegisterAsync(options, trust, request, cancellationToken).ConfigureAwait(false)
                ?? throw new EnrollmentException($"cannot verify {options.Server}: {trust.Refusal}");
        }

        var (caCertificate, clientCertificate) = CheckResponse(response, trust, key);
        using (caCertificate)
        using (clientCertificate)
        {
            // The CA first: /etc/tyr is the write most likely to be refused, and then nothing else is.
            Pem.WriteCertificate(options.CaFile, caCertificate);
            Pem.WritePrivateKey(options.State.KeyFile, key);
            Pem.WriteCertificate(options.State.CertificateFile, clientCertificate);
            // Written last: its presence means the enrollment is complete.
            new EnrollmentRecord
            {
                AgentId = response.AgentId,
                Name = options.Name,
                Server = options.Server.ToString(),
                CaFile = options.CaFile,
                EnrolledAt = DateTimeOffset.UtcNow,
            }.Save(options.State.EnrollmentFile);
        }

        return response.AgentId;
    }

    private static EnrollmentTrust InitialTrust(EnrollmentOptions options)
    {
        if (options.CaFingerprint is not { } fingerprint)
        {
            return EnrollmentTrust.OnFirstUse();
        }

        // A CA already installed at --ca-file (copied by the operator) serves as the anchor if it
        // is the pinned one; any other file there is about to be replaced and proves nothing.
        if (File.Exists(options.CaFile))
        {
            try
            {
                var existing = Pem.LoadCertificate(options.CaFile);
                if (Fingerprints.Sha256(existing) == fingerprint)
                {
                    return EnrollmentTrust.Pinned(fingerprint, existing);
                }
            }
            catch (InvalidDataException)
            {
                // Not a certificate: it will be overwritten.
            }
        }

        return EnrollmentTrust.Pinned(fingerprint);
    }

    /// <returns>The response, or null when a pinned handshake failed only for want of the CA.</returns>
    private static async Task<RegisterResponse?> RegisterAsync(
        EnrollmentOptions options,
        EnrollmentTrust trust,
        RegisterRequest request,
        CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(options.Server.ToUri(), new GrpcChannelOptions
        {
            HttpHandler = TlsHandlerFactory.Create(trust.Validate, clientCertificate: null),
            DisposeHttpClient = true,
        });
        var client = new AgentService.AgentServiceClient(channel);
        try
        {
            return await client.RegisterAsync(request, deadline: DateTime.UtcNow + s_deadline, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RpcException) when (trust.CaMissingFromHandshake && trust.Anchor is null)
        {
            return null;
        }
        catch (RpcException e)
        {
            throw new EnrollmentException(Describe(e, options, trust), e);
        }
    }

    private static string Describe(RpcException e, EnrollmentOptions options, EnrollmentTrust trust)
    {
        // A refusal by our own certificate check surfaces as Internal or Unavailable; ours is the
        // reason that tells the operator what is wrong.
        if (trust.Refusal is not null)
        {
            return $"refused the server's certificate: {trust.Refusal}";
        }

        return e.StatusCode switch
        {
            StatusCode.Unauthenticated => "enrollment refused: the token is invalid, expired or already used",
            StatusCode.Unavailable => $"cannot reach {options.Server} (or TLS failed: check the CA fingerprint): {RpcErrors.Innermost(e)}",
            StatusCode.InvalidArgument => $"enrollment refused: {e.Status.Detail}",
            StatusCode.DeadlineExceeded => $"no answer from {options.Server} within {s_deadline.TotalSeconds:0} s",
            _ => $"enrollment failed: {e.StatusCode}: {e.Status.Detail}",
        };
    }

    private static string CreateSigningRequest(string name, ECDsa key)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(name);
        return new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
    }

    /// <summary>
    /// The response must fit what the handshake showed and what we asked for: the returned CA is
    /// the pinned or presented one and the server's certificate chains to it; the client certificate
    /// chains to it, is for our key and names the returned agent id.
    /// </summary>
    private static (X509Certificate2 Ca, X509Certificate2 Client) CheckResponse(RegisterResponse response, EnrollmentTrust trust, ECDsa key)
    {
        var ca = ParseCertificate(response.CaCertPem, "CA certificate");
        var client = ParseCertificate(response.ClientCertPem, "client certificate");
        var caFingerprint = Fingerprints.Sha256(ca);
        var caTrust = new CaTrust(ca);

        if (trust.Fingerprint is { } pinned && caFingerprint != pinned)
        {
            throw new EnrollmentException($"the server returned CA {caFingerprint}, not the pinned {pinned}; nothing was saved");
        }

        if (trust.PresentedCa is { } presented && !presented.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span))
        {
            throw new EnrollmentException(
                $"the server returned CA {caFingerprint} but its TLS certificate chains to CA {Fingerprints.Sha256(presented)}; nothing was saved");
        }

        if (trust.ServerCertificate is null || !caTrust.IsValidServer(trust.ServerCertificate, out _))
        {
            throw new EnrollmentException(
                $"the server's TLS certificate does not chain to the CA it returned ({caFingerprint}); nothing was saved");
        }

        if (!caTrust.IsValidClient(client, out var clientReason))
        {
            throw new EnrollmentException($"the returned client certificate is unusable: {clientReason}");
        }

        using var clientKey = client.GetECDsaPublicKey();
        if (clientKey is null || !clientKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            throw new EnrollmentException("the returned client certificate is not for the key this host generated");
        }

        if (!Guid.TryParse(response.AgentId, out var agentId) || AgentIdentity.FromCertificate(client) != agentId)
        {
            throw new EnrollmentException($"the returned client certificate does not name agent {response.AgentId}");
        }

        if (trust.Fingerprint is null && trust.PresentedCa is null)
        {
            Log.Warn($"TRUST ON FIRST USE: trusting CA sha256:{caFingerprint} from now on");
        }

        return (ca, client);
    }

    private static X509Certificate2 ParseCertificate(ByteString pem, string what)
    {
        try
        {
            return X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(pem.Span));
        }
        catch (CryptographicException e)
        {
            throw new EnrollmentException($"the server returned an unreadable {what}: {e.Message}", e);
        }
    }

    private static EnrollmentRecord? TryLoad(string path)
    {
        try
        {
            return EnrollmentRecord.Load(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return null;
        }
    }
}
