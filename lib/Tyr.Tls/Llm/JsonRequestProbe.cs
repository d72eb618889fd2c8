using System.Buffers;
using System.Text.Json;

namespace Tyr.Tls.Llm;

/// <summary>
/// Finds the top-level "model" and "stream" of a JSON request body as its bytes arrive, without holding the body:
/// Utf8JsonReader runs over each chunk and only a token cut by a chunk boundary is carried over. It stops as soon
/// as both are known, at the end of the top-level object, at the scan limit, or at the first sign the body is not JSON.
/// </summary>
internal sealed class JsonRequestProbe(int scanLimit)
{
    private enum PendingKey
    {
        None,
        Model,
        Stream,
    }

    private static readonly JsonReaderOptions s_readerOptions = new() { MaxDepth = 256 };

    private JsonReaderState _state = new(s_readerOptions);
    private byte[]? _carry;
    private int _carryLength;
    private long _scanned;
    private bool _started;
    private bool _done;
    private bool _objectEnded;
    private PendingKey _pending;
    private string? _model;
    private bool? _stream;

    /// <summary>The top-level "model" string, when seen and shaped like a model id.</summary>
    public string? Model => _model;

    /// <summary>"stream" when seen; false when the whole object was read without it; null when unknown.</summary>
    public bool? Stream => _stream ?? (_objectEnded ? false : null);

    public void Reset()
    {
        ReleaseCarry();
        _state = new JsonReaderState(s_readerOptions);
        _scanned = 0;
        _started = _done = _objectEnded = false;
        _pending = PendingKey.None;
        _model = null;
        _stream = null;
    }

    /// <summary>Stops reading and gives the carry buffer back (the body ended or the request is abandoned).</summary>
    public void Finish()
    {
        _done = true;
        ReleaseCarry();
    }

    public void Feed(ReadOnlySpan<byte> data)
    {
        if (_done)
        {
            return;
        }

        if (_scanned + data.Length > scanLimit)
        {
            data = data[..(int)Math.Max(0, scanLimit - _scanned)];
        }

        _scanned += data.Length;
        if (_carryLength == 0)
        {
            var consumed = Scan(data);
            Carry(data[consumed..]);
        }
        else
        {
            // Join the cut token with the new bytes; the carry never outgrows the scan limit.
            while (!data.IsEmpty && !_done)
            {
                EnsureCarryCapacity(_carryLength + data.Length);
                var room = Math.Min(data.Length, _carry!.Length - _carryLength);
                if (room == 0)
                {
                    _done = true;
                    break;
                }

                data[..room].CopyTo(_carry.AsSpan(_carryLength));
                _carryLength += room;
                data = data[room..];
                var consumed = Scan(_carry.AsSpan(0, _carryLength));
                _carry.AsSpan(consumed, _carryLength - consumed).CopyTo(_carry);
                _carryLength -= consumed;
            }
        }

        if (_done || _scanned >= scanLimit)
        {
            Finish();
        }
    }

    private int Scan(ReadOnlySpan<byte> data)
    {
        if (_done)
        {
            return data.Length;
        }

        var reader = new Utf8JsonReader(data, isFinalBlock: false, _state);
        try
        {
            while (!_done && reader.Read())
            {
                OnToken(ref reader);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that is not UTF-8: the facts are unknown.
            _done = true;
            return data.Length;
        }

        _state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private void OnToken(ref Utf8JsonReader reader)
    {
        if (!_started)
        {
            _started = true;
            _done = reader.TokenType != JsonTokenType.StartObject;

            return;
        }

        if (_pending != PendingKey.None)
        {
            if (_pending == PendingKey.Model && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= 512)
            {
                _model = ModelNames.TryNormalize(reader.GetString());
            }
            else if (_pending == PendingKey.Stream && reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            {
                _stream = reader.TokenType == JsonTokenType.True;
            }

            _pending = PendingKey.None;
        }
        else if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
        {
            _pending = reader.ValueTextEquals("model"u8) ? PendingKey.Model
                : reader.ValueTextEquals("stream"u8) ? PendingKey.Stream
                : PendingKey.None;
        }
        else if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
        {
            _objectEnded = true;
            _done = true;
        }

        _done |= _model is not null && _stream is not null;
    }

    private void Carry(ReadOnlySpan<byte> rest)
    {
        if (_done || rest.IsEmpty)
        {
            return;
        }

        EnsureCarryCapacity(rest.Length);
        rest.CopyTo(_carry);
        _carryLength = rest.Length;
    }

    private void EnsureCarryCapacity(int needed)
    {
        needed = Math.Min(needed, Math.Max(scanLimit, 1));
        if (_carry is not null && _carry.Length >= needed)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 1024));
        if (_carry is not null)
        {
            _carry.AsSpan(0, _carryLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_carry);
        }

        _carry = bigger;
    }

    private void ReleaseCarry()
    {
        if (_carry is not null)
        {
            ArrayPool<byte>.Shared.Return(_carry);
            _carry = null;
        }

        _carryLength = 0;
    }
}
