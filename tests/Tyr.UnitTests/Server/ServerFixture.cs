using Tyr.Server.Hosting;
using Tyr.Server.Storage;

namespace Tyr.UnitTests.Server;

/// <summary>A real data directory (CA, tyr.db) in a temp dir, with a manual clock.</summary>
internal sealed class ServerFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public ServerFixture()
    {
        Data = new DataDirectory(_temp.File("data"));
        State = ServerState.Initialize(Data, Time);
    }

    public ManualTime Time { get; } = new();

    public DataDirectory Data { get; }

    public ServerState State { get; }

    public AgentStore Agents => new(State.Database, Time);

    public EventStore Events => new(State.Database, Time);

    public EnrollmentTokenStore EnrollmentTokens => new(State.Database, Time);

    public OperatorTokenStore OperatorTokens => new(State.Database, Time);

    /// <summary>Inserts an agent row directly, as enrollment would.</summary>
    public Guid AddAgent(string name = "host-1")
    {
        var id = Guid.NewGuid();
        State.Database.Write((connection, transaction) =>
        {
            AgentStore.Insert(connection, transaction, new AgentRecord(id, name, "6.1.0", "x86_64", new string('a', 64),
                Time.GetUtcNow().ToUnixTimeMilliseconds(), null, null, null, default));
            return 0;
        });
        return id;
    }

    public void Dispose()
    {
        State.Dispose();
        _temp.Dispose();
    }
}
