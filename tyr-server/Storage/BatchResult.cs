namespace Tyr.Server.Storage;

/// <summary>How an EventBatch landed: newly stored events and replays of ones stored before.</summary>
internal readonly record struct BatchResult(int Stored, int Duplicates);
