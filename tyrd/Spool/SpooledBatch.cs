using Tyr.Protocol;

namespace Tyr.Daemon.Spool;

/// <summary>A batch as stored: its sequence, size and serialized EventBatch (without drops).</summary>
internal sealed record SpooledBatch(long Sequence, int EventCount, byte[] Payload)
{
    public EventBatch Parse() => EventBatch.Parser.ParseFrom(Payload);
}
