namespace Tyr.Policy.Evaluation;

/// <summary>
/// One governed operation in the policy's terms, as tyrd saw it (and as the server rebuilds it from
/// a stored event). <see cref="Resource"/> is the file path (file_read, file_write), the binary
/// (exec), <c>ip:port</c> or <c>[ipv6]:port</c> (connect), or the server name (tls).
/// </summary>
public sealed record OperationFacts(PolicyOperation Operation, string Resource, string? AgentType, long Uid, string Exe, long Pid);
