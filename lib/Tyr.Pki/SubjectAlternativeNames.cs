using System.Formats.Asn1;

namespace Tyr.Pki;

/// <summary>Reads uniformResourceIdentifier entries ([6] IA5String) from a SAN extension value.</summary>
internal static class SubjectAlternativeNames
{
    private static readonly Asn1Tag s_uriTag = new(TagClass.ContextSpecific, 6);

    public static List<string> ReadUris(byte[] extensionValue)
    {
        var uris = new List<string>();
        try
        {
            var reader = new AsnReader(extensionValue, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.HasSameClassAndValue(s_uriTag))
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, s_uriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            // A malformed SAN carries no identity we could trust.
            uris.Clear();
        }

        return uris;
    }
}
