namespace Tyr.PackagingTests.Harness;

/// <summary>A private directory per test, removed afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string name)
    {
        Path = Directory.CreateTempSubdirectory($"tyr-{name}-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process we stopped may still be closing a file; the OS temp cleaner will finish.
        }
    }
}
