using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Tyr.Sqlite;

namespace Tyr.Server.Storage;

/// <summary>
/// tyr.db: one write connection (SQLite has one writer at a time, so writers queue on a lock here
/// rather than spin on SQLITE_BUSY) and a small pool of read-only connections, which WAL lets run
/// beside the writer. Other processes (the CLI) write through their own connection and the
/// busy timeout.
/// </summary>
internal sealed class ServerDatabase : IDisposable
{
    private const int MaxIdleReaders = 4;

    private readonly Lock _writeLock = new();
    private readonly SqliteConnection _writer;
    private readonly ConcurrentBag<SqliteConnection> _idleReaders = [];
    private readonly string _path;
    private bool _disposed;

    private ServerDatabase(string path, SqliteConnection writer)
    {
        _path = path;
        _writer = writer;
    }

    public static ServerDatabase Open(string path) => new(path, SqliteDatabase.Open(path, Schema.Migrations));

    /// <summary>Runs <paramref name="work"/> in one IMMEDIATE transaction, committed when it returns.</summary>
    public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = work(_writer, transaction);
            transaction.Commit();
            return result;
        }
    }

    public T Read<T>(Func<SqliteConnection, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_idleReaders.TryTake(out var reader))
        {
            reader = SqliteDatabase.Open(_path, Schema.Migrations, readOnly: true);
        }

        try
        {
            return work(reader);
        }
        finally
        {
            if (_disposed || _idleReaders.Count >= MaxIdleReaders)
            {
                reader.Dispose();
            }
            else
            {
                _idleReaders.Add(reader);
            }
        }
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writer.Dispose();
        }

        while (_idleReaders.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }
}
