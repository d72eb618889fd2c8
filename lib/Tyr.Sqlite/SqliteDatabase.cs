using Microsoft.Data.Sqlite;

namespace Tyr.Sqlite;

/// <summary>
/// Opens a SQLite file in WAL mode and brings its schema to the newest version. Migrations are
/// applied in order inside one transaction each and recorded in <c>PRAGMA user_version</c>, so a
/// database is always at exactly one known version and a newer file is refused, not corrupted.
/// </summary>
public static class SqliteDatabase
{
    private static int s_providerSet;

    public static SqliteConnection Open(string path, IReadOnlyList<string> migrations, bool readOnly = false)
    {
        EnsureProvider();
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 10000;");
            if (!readOnly)
            {
                Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
                Migrate(connection, path, migrations);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static void EnsureProvider()
    {
        // The static provider binds to "e_sqlite3", which NativeAOT resolves to the linked-in
        // libsqlite3.a and the JIT resolves through Tyr.Sqlite's native resolver below.
        if (Interlocked.Exchange(ref s_providerSet, 1) == 0)
        {
            NativeResolver.Install();
            SQLitePCL.raw.SetProvider(new SQLitePCL.SQLite3Provider_e_sqlite3());
        }
    }

    public static int Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteNonQuery();
    }

    public static long ScalarInt64(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Migrate(SqliteConnection connection, string path, IReadOnlyList<string> migrations)
    {
        var version = (int)ScalarInt64(connection, "PRAGMA user_version;");
        if (version > migrations.Count)
        {
            throw new InvalidOperationException(
                $"{path}: schema version {version} is newer than this build knows ({migrations.Count}); upgrade the binary");
        }

        for (var next = version; next < migrations.Count; next++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, migrations[next], transaction);
            Execute(connection, $"PRAGMA user_version = {next + 1};", transaction);
            transaction.Commit();
        }
    }
}
