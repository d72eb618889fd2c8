namespace Tyr.IntegrationTests.Harness;

/// <summary>A private directory per test; kept when TYR_KEEP_TEST_DIRS is set, for post-mortems.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string name)
    {
        Path = Directory.CreateTempSubdirectory($"tyr-{name}-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Sub(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("TYR_KEEP_TEST_DIRS") is null)
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A process we killed may still be closing a file; the OS temp cleaner will finish.
            }
        }
    }
}
