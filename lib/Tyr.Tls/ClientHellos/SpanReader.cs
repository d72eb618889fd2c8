using System.Buffers.Binary;

namespace Tyr.Tls.ClientHellos;

/// <summary>Big-endian TLS vector reads that fail (return false) instead of reading past the end.</summary>
internal ref struct SpanReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public readonly bool AtEnd => _rest.IsEmpty;

    public bool TryReadByte(out byte value)
    {
        value = 0;
        if (_rest.IsEmpty)
        {
            return false;
        }

        value = _rest[0];
        _rest = _rest[1..];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        value = 0;
        if (_rest.Length < 2)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_rest);
        _rest = _rest[2..];
        return true;
    }

    public bool TrySkip(int count)
    {
        if (_rest.Length < count)
        {
            return false;
        }

        _rest = _rest[count..];
        return true;
    }

    /// <summary>A vector with a one-byte length prefix.</summary>
    public bool TryReadVector8(out ReadOnlySpan<byte> vector)
    {
        vector = default;
        return TryReadByte(out var length) && TryTake(length, out vector);
    }

    /// <summary>A vector with a two-byte length prefix.</summary>
    public bool TryReadVector16(out ReadOnlySpan<byte> vector)
    {
        vector = default;
        return TryReadUInt16(out var length) && TryTake(length, out vector);
    }

    private bool TryTake(int length, out ReadOnlySpan<byte> vector)
    {
        vector = default;
        if (_rest.Length < length)
        {
            return false;
        }

        vector = _rest[..length];
        _rest = _rest[length..];
        return true;
    }
}
