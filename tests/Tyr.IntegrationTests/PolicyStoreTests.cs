using Microsoft.Data.Sqlite;
using Tyr.IntegrationTests.Harness;
using Tyr.Sqlite;

namespace Tyr.IntegrationTests;

/// <summary>
/// The policy tables in the server's real SQLite file: history is kept by the database itself,
/// whatever program opens it.
/// </summary>
public sealed class PolicyStoreTests() : ServerTest("policy-store")
{
    [Theory]
    [InlineData("UPDATE policy_versions SET yaml = 'name: forged' WHERE version = 1", "policy_versions is append-only")]
    [InlineData("UPDATE policy_versions SET author = 'mallory'", "policy_versions is append-only")]
    [InlineData("DELETE FROM policy_versions WHERE version = 2", "policy_versions is append-only")]
    [InlineData("DELETE FROM policy_versions", "policy_versions is append-only")]
    [InlineData("UPDATE effective_policies SET cedar = 'permit (principal, action, resource);'", "effective_policies is append-only")]
    [InlineData("DELETE FROM effective_policies", "effective_policies is append-only")]
    public async Task The_database_refuses_to_rewrite_or_delete_history(string sql, string refusal)
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "history");
        using (var api = new TyrApi(Server, await Server.CreateAdminTokenAsync()))
        {
            var version = await api.ApplyExampleAsync("laptop-base.yaml");
            await api.ApplyExampleAsync("empty.yaml");
            await api.AssignAsync(version, "daemon", daemon.AgentId);
            Assert.True((await api.EffectiveAsync(daemon.AgentId)).GetProperty("push_version").GetInt64() > 0);
        }

        await Server.StopAsync();
        using var connection = OpenDatabase();
        var before = Snapshot(connection);

        var error = Assert.Throws<SqliteException>(() => Execute(connection, sql));

        Assert.Contains(refusal, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(connection));
    }

    [Fact]
    public async Task Versions_and_assignments_survive_a_restart_and_numbering_continues()
    {
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var first = await api.ApplyExampleAsync("laptop-base.yaml");
        await api.AssignAsync(first, "agent_type", "claude-code");

        await Server.StopAsync();
        await Server.RestartAsync();

        var second = await api.ApplyExampleAsync("laptop-base.yaml", "same text again");
        Assert.Equal(first + 1, second);
        var assignment = Assert.Single((await api.GetJsonAsync("/api/v1/assignments")).GetProperty("assignments").EnumerateArray());
        Assert.Equal(second, assignment.GetProperty("version").GetInt64());
        var versions = (await api.GetJsonAsync("/api/v1/policies")).GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(versions[0].GetProperty("hash").GetString(), versions[1].GetProperty("hash").GetString());
    }

    private SqliteConnection OpenDatabase()
    {
        SqliteDatabase.EnsureProvider();
        var connection = new SqliteConnection($"Data Source={Path.Combine(Server.DataDirectory, "tyr.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    private static string Snapshot(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT group_concat(version || ':' || hash || ':' || author || ':' || length(yaml), ',') FROM policy_versions)
                || '|' || (SELECT group_concat(push_version || ':' || length(cedar), ',') FROM effective_policies)
            """;
        return (string)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
