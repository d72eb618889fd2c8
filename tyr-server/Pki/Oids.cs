namespace Tyr.Server.Pki;

internal static class Oids
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string Rsa = "1.2.840.113549.1.1.1";
    public const string NistP256 = "1.2.840.10045.3.1.7";
    public const string NistP384 = "1.3.132.0.34";
}
