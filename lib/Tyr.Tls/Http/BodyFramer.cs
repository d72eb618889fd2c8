namespace Tyr.Tls.Http;

/// <summary>
/// Removes HTTP/1.1 body framing (RFC 9112 §6, §7.1): a Content-Length count, chunked transfer coding, or
/// "until the connection closes". Feed it bytes; it hands back body data slices without copying.
/// </summary>
internal sealed class BodyFramer
{
    private const int MaxSizeDigits = 15;
    private const int MaxLineLength = 4096;

    private enum Mode
    {
        Done,
        Length,
        UntilClose,
        Chunked,
    }

    private enum ChunkState
    {
        Size,
        Extension,
        SizeLf,
        Data,
        DataCr,
        DataLf,
        TrailerLineStart,
        TrailerLine,
        TrailerEndLf,
    }

    private Mode _mode;
    private ChunkState _chunk;
    private long _remaining;
    private int _digits;
    private int _lineLength;

    public bool IsComplete => _mode == Mode.Done;

    public bool EndsAtClose => _mode == Mode.UntilClose;

    public void StartEmpty() => _mode = Mode.Done;

    public void StartLength(long length)
    {
        _mode = length > 0 ? Mode.Length : Mode.Done;
        _remaining = length;
    }

    public void StartChunked()
    {
        _mode = Mode.Chunked;
        _chunk = ChunkState.Size;
        _remaining = 0;
        _digits = 0;
    }

    public void StartUntilClose() => _mode = Mode.UntilClose;

    public void Close() => _mode = Mode.Done;

    /// <summary>
    /// Consumes framing and at most one data slice from <paramref name="input"/>.
    /// Returns the bytes consumed, or -1 when the framing is broken (<paramref name="error"/> says how).
    /// </summary>
    public int Read(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> data, out string? error)
    {
        data = default;
        error = null;
        switch (_mode)
        {
            case Mode.Done:
                return 0;
            case Mode.UntilClose:
                data = input;
                return input.Length;
            case Mode.Length:
                var take = (int)Math.Min(_remaining, input.Length);
                data = input[..take];
                _remaining -= take;
                if (_remaining == 0)
                {
                    _mode = Mode.Done;
                }

                return take;
            default:
                return ReadChunked(input, out data, out error);
        }
    }

    /// <summary>
    /// Accounts for <paramref name="count"/> body bytes that were moved but not seen. Possible only inside body data:
    /// a gap over framing (chunk sizes, the next head) cannot be followed. Returns false then.
    /// </summary>
    public bool TrySkip(long count)
    {
        switch (_mode)
        {
            case Mode.UntilClose:
                return true;
            case Mode.Length when count <= _remaining:
                _remaining -= count;
                _mode = _remaining == 0 ? Mode.Done : Mode.Length;
                return true;
            case Mode.Chunked when _chunk == ChunkState.Data && count <= _remaining:
                _remaining -= count;
                _chunk = _remaining == 0 ? ChunkState.DataCr : ChunkState.Data;
                return true;
            default:
                return count == 0;
        }
    }

    private int ReadChunked(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> data, out string? error)
    {
        data = default;
        error = null;
        var i = 0;
        while (i < input.Length && _mode == Mode.Chunked)
        {
            if (_chunk == ChunkState.Data)
            {
                var take = (int)Math.Min(_remaining, input.Length - i);
                data = input.Slice(i, take);
                _remaining -= take;
                if (_remaining == 0)
                {
                    _chunk = ChunkState.DataCr;
                }

                return i + take;
            }

            var b = input[i++];
            error = Step(b);
            if (error is not null)
            {
                return -1;
            }
        }

        return i;
    }

    private string? Step(byte b)
    {
        switch (_chunk)
        {
            case ChunkState.Size:
                var digit = HexValue(b);
                if (digit >= 0)
                {
                    if (++_digits > MaxSizeDigits)
                    {
                        return "chunk size has more than 15 hex digits";
                    }

                    _remaining = (_remaining << 4) | (uint)digit;
                    return null;
                }

                if (_digits == 0)
                {
                    return "chunk size line does not start with a hex digit";
                }

                if (b is (byte)';' or (byte)' ' or (byte)'\t')
                {
                    _chunk = ChunkState.Extension;
                    _lineLength = 0;
                    return null;
                }

                return b switch
                {
                    (byte)'\r' => Go(ChunkState.SizeLf),
                    (byte)'\n' => EndSizeLine(),
                    _ => "chunk size line has a byte that is not a hex digit",
                };
            case ChunkState.Extension:
                if (b == (byte)'\n')
                {
                    return EndSizeLine();
                }

                return ++_lineLength > MaxLineLength ? "chunk extension longer than 4096 bytes" : null;
            case ChunkState.SizeLf:
                return b == (byte)'\n' ? EndSizeLine() : "chunk size line: CR without LF";
            case ChunkState.DataCr:
                return b switch
                {
                    (byte)'\r' => Go(ChunkState.DataLf),
                    (byte)'\n' => StartNextChunk(),
                    _ => "chunk data is longer than its size",
                };
            case ChunkState.DataLf:
                return b == (byte)'\n' ? StartNextChunk() : "chunk data: CR without LF";
            case ChunkState.TrailerLineStart:
                if (b == (byte)'\r')
                {
                    return Go(ChunkState.TrailerEndLf);
                }

                if (b == (byte)'\n')
                {
                    _mode = Mode.Done;
                    return null;
                }

                _lineLength = 1;
                return Go(ChunkState.TrailerLine);
            case ChunkState.TrailerLine:
                if (b == (byte)'\n')
                {
                    return Go(ChunkState.TrailerLineStart);
                }

                return ++_lineLength > MaxLineLength ? "trailer line longer than 4096 bytes" : null;
            case ChunkState.TrailerEndLf:
                if (b != (byte)'\n')
                {
                    return "chunked body: CR without LF after the trailers";
                }

                _mode = Mode.Done;
                return null;
            default:
                return "chunked body in an unknown state";
        }
    }

    private string? Go(ChunkState next)
    {
        _chunk = next;
        return null;
    }

    private string? EndSizeLine()
    {
        _chunk = _remaining == 0 ? ChunkState.TrailerLineStart : ChunkState.Data;
        return null;
    }

    private string? StartNextChunk()
    {
        _chunk = ChunkState.Size;
        _remaining = 0;
        _digits = 0;
        return null;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
