using System.Security.Cryptography;

namespace Tyr.Server.Pki;

internal static class SerialNumbers
{
    /// <summary>
    /// 16 random bytes as a positive DER INTEGER: the top bit is cleared (a set top bit would mean a
    /// negative number) and the next one set, so the encoding is always the full 16 bytes.
    /// </summary>
    public static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40);
        return serial;
    }
}
