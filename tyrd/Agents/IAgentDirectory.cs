using Tyr.Agents;
using Tyr.Protocol;

namespace Tyr.Daemon.Agents;

/// <summary>What the stream needs of agent discovery: reports for the server, and the server's catalogue.</summary>
internal interface IAgentDirectory
{
    /// <summary>Every agent kept (<paramref name="complete"/>, after a connect) or those changed since the last report.</summary>
    List<DiscoveredAgent> TakeReport(bool complete);

    /// <summary>The catalogue the server sent replaces the one in use.</summary>
    void ReplaceCatalog(SignatureCatalog catalog);
}
