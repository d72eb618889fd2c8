namespace Tyr.Tls.Http;

/// <summary>
/// Collects one message head (up to the blank line) across chunks. When a head arrives whole in one chunk it
/// is handed back as a slice of that chunk, without copying.
/// </summary>
internal sealed class HeadAccumulator(int maxLength)
{
    private byte[]? _buffer;
    private int _length;

    public enum Step
    {
        NeedMore,
        Complete,
        TooLarge,
    }

    /// <summary>The head bytes buffered so far (for an early "is this HTTP at all" check).</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(0, _length);

    public bool IsEmpty => _length == 0;

    /// <summary>Takes head bytes from <paramref name="input"/>. <paramref name="head"/> is valid until the next call.</summary>
    public Step Take(ReadOnlySpan<byte> input, out int consumed, out ReadOnlySpan<byte> head)
    {
        head = default;
        consumed = 0;
        if (_length == 0)
        {
            // Blank lines before a start line are ignored (RFC 9112 §2.2).
            while (consumed < input.Length && input[consumed] is (byte)'\r' or (byte)'\n')
            {
                consumed++;
            }

            input = input[consumed..];
            var end = FindEnd(input, 0);
            if (end > 0 && end <= maxLength)
            {
                head = input[..end];
                consumed += end;
                return Step.Complete;
            }
        }

        var oldLength = _length;
        var room = maxLength - _length;
        var copy = Math.Min(room, input.Length);
        if (copy > 0)
        {
            Ensure(_length + copy);
            input[..copy].CopyTo(_buffer.AsSpan(_length));
            _length += copy;
        }

        var found = FindEnd(_buffer.AsSpan(0, _length), Math.Max(0, oldLength - 2));
        if (found > 0)
        {
            consumed += found - oldLength;
            head = _buffer.AsSpan(0, found);
            _length = 0;
            return Step.Complete;
        }

        consumed += copy;
        return _length >= maxLength ? Step.TooLarge : Step.NeedMore;
    }

    // The index just past "\n\r\n" or "\n\n", or -1.
    private static int FindEnd(ReadOnlySpan<byte> bytes, int from)
    {
        while (from < bytes.Length)
        {
            var lf = bytes[from..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                return -1;
            }

            var i = from + lf + 1;
            if (i < bytes.Length && bytes[i] == (byte)'\n')
            {
                return i + 1;
            }

            if (i + 1 < bytes.Length && bytes[i] == (byte)'\r' && bytes[i + 1] == (byte)'\n')
            {
                return i + 2;
            }

            from = i;
        }

        return -1;
    }

    private void Ensure(int needed)
    {
        if (_buffer is null || _buffer.Length < needed)
        {
            Array.Resize(ref _buffer, Math.Min(maxLength, Math.Max(needed, Math.Max(1024, (_buffer?.Length ?? 0) * 2))));
        }
    }
}
