namespace Tyr.IntegrationTests.Harness;

/// <summary>A test class with its own running tyr-server in its own temporary directory.</summary>
public abstract class ServerTest : IAsyncLifetime
{
    private readonly string _name;
    private TempDirectory? _directory;
    private ServerProcess? _server;

    protected ServerTest(string name)
    {
        _name = name;
    }

    internal TempDirectory Directory => _directory ?? throw new InvalidOperationException("not initialized");

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("not initialized");

    public virtual async ValueTask InitializeAsync()
    {
        _directory = new TempDirectory(_name);
        _server = await ServerProcess.StartAsync(_directory.Sub("server"));
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory?.Dispose();
        GC.SuppressFinalize(this);
    }
}
