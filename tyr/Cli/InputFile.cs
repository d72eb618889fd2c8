namespace Tyr.Cli;

/// <summary>Reading a file named on the command line, with failures worded for the user.</summary>
internal static class InputFile
{
    /// <summary>The whole file as text; a file that cannot be read is a <see cref="UsageException"/> naming it.</summary>
    public static string ReadText(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UsageException(path + ": is a directory, not a file");
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException(path + ": no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException(path + ": permission denied");
        }
        catch (IOException e)
        {
            throw new UsageException(path + ": " + e.Message);
        }
    }
}
