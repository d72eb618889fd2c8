using System.Reflection;
using System.Runtime.InteropServices;

namespace Tyr.Sqlite;

/// <summary>
/// Under the JIT, maps the provider's library name "e_sqlite3" to the system's libsqlite3.so.0
/// (Debian's libsqlite3-0). Under NativeAOT the DirectPInvoke in Tyr.NativeSqlite.targets links the
/// static library instead and this resolver is never consulted.
/// </summary>
internal static class NativeResolver
{
    public static void Install()
    {
        // Installed unconditionally: under NativeAOT the DirectPInvoke binding never asks for it,
        // and a feature switch cannot tell us apart (PublishAot projects turn IsDynamicCodeSupported
        // off even when they run under the JIT).
        var provider = typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly;
        try
        {
            NativeLibrary.SetDllImportResolver(provider, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Another component already installed a resolver for the provider; keep it.
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "e_sqlite3")
        {
            return IntPtr.Zero;
        }

        return NativeLibrary.TryLoad("libsqlite3.so.0", out var handle) ? handle : IntPtr.Zero;
    }
}
