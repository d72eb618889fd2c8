using System.Runtime.InteropServices;

namespace Tyr.KernelTests.Infrastructure;

internal static partial class Paths
{
    /// <summary>realpath(3): what the kernel's dentry walk reports (here /bin is a symlink to usr/bin).</summary>
    public static unsafe string Real(string path)
    {
        var resolved = realpath(path, null);
        Assert.True(resolved is not null, $"realpath({path}) failed");
        try
        {
            return Marshal.PtrToStringUTF8((nint)resolved)!;
        }
        finally
        {
            free(resolved);
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial byte* realpath(string path, byte* resolved);

    [LibraryImport("libc")]
    private static unsafe partial void free(void* ptr);
}
