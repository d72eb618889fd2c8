using Tyr.Tls.Redaction;

namespace Tyr.Tls.Http;

/// <summary>The first N bytes of a body, kept for an opt-in redacted capture.</summary>
internal sealed class BoundedCapture(int limit)
{
    private byte[] _bytes = new byte[Math.Min(limit, 1024)];
    private int _length;
    private bool _cut;

    private bool _stopped;

    /// <summary>Bytes were lost: what follows would not continue what was kept, so keep nothing more.</summary>
    public void Stop()
    {
        _stopped = true;
        _cut = true;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_stopped)
        {
            return;
        }

        var room = limit - _length;
        if (data.Length > room)
        {
            _cut = true;
            data = data[..room];
        }

        if (data.IsEmpty)
        {
            return;
        }

        if (_length + data.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Min(limit, Math.Max(_bytes.Length * 2, _length + data.Length)));
        }

        data.CopyTo(_bytes.AsSpan(_length));
        _length += data.Length;
    }

    public string? ToRedactedText() => BodyRedactor.Redact(_bytes.AsSpan(0, _length), _cut);
}
