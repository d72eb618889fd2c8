using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Tyr.Server.Storage;
using Tyr.Server.Tokens;

namespace Tyr.UnitTests.Server;

public sealed class TokenStoreTests : IDisposable
{
    private readonly ServerFixture _server = new();

    [Fact]
    public void Enrollment_token_has_its_prefix_and_256_random_bits()
    {
        var token = _server.EnrollmentTokens.Create(TimeSpan.FromHours(1)).Token;

        Assert.StartsWith("tyr_enroll_", token, StringComparison.Ordinal);
        Assert.Equal(43, token.Length - "tyr_enroll_".Length); // 32 bytes, base64url without padding
        Assert.DoesNotContain('=', token);
    }

    [Fact]
    public void Enrollment_token_is_single_use()
    {
        var token = _server.EnrollmentTokens.Create(TimeSpan.FromHours(1)).Token;
        var now = _server.Time.GetUtcNow().ToUnixTimeMilliseconds();

        Assert.True(Consume(token, Guid.NewGuid(), now));
        Assert.False(Consume(token, Guid.NewGuid(), now));
    }

    [Fact]
    public void Enrollment_token_expires()
    {
        var issued = _server.EnrollmentTokens.Create(TimeSpan.FromMinutes(15));

        Assert.Equal(_server.Time.GetUtcNow() + TimeSpan.FromMinutes(15), issued.ExpiresAt);
        Assert.False(Consume(issued.Token, Guid.NewGuid(), issued.ExpiresAt.ToUnixTimeMilliseconds()));
        Assert.True(Consume(issued.Token, Guid.NewGuid(), issued.ExpiresAt.ToUnixTimeMilliseconds() - 1));
    }

    [Fact]
    public void Unknown_token_is_refused() =>
        Assert.False(Consume("tyr_enroll_nonsense", Guid.NewGuid(), _server.Time.GetUtcNow().ToUnixTimeMilliseconds()));

    [Fact]
    public void Database_holds_the_sha256_of_each_token_and_never_the_token()
    {
        var enrollment = _server.EnrollmentTokens.Create(TimeSpan.FromHours(1)).Token;
        var admin = _server.OperatorTokens.Create("ci");
        var agent = Guid.NewGuid();
        Assert.True(Consume(enrollment, agent, _server.Time.GetUtcNow().ToUnixTimeMilliseconds()));
        _server.State.Dispose(); // checkpoints the WAL into tyr.db

        using (var db = new SqliteConnection($"Data Source={_server.Data.DatabasePath};Mode=ReadOnly;Pooling=False"))
        {
            db.Open();
            Assert.Equal(Sha256Hex(enrollment), Scalar(db, "SELECT hash FROM enrollment_tokens"));
            Assert.Equal(agent.ToString("D"), Scalar(db, "SELECT used_by FROM enrollment_tokens"));
            Assert.Equal(Sha256Hex(admin), Scalar(db, "SELECT hash FROM operator_tokens"));
            Assert.Equal("ci", Scalar(db, "SELECT label FROM operator_tokens"));
        }

        foreach (var file in Directory.GetFiles(_server.Data.Root, "tyr.db*"))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var token in new[] { enrollment, admin })
            {
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)));
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token["tyr_enroll_".Length..])));
            }
        }
    }

    [Fact]
    public void Operator_token_is_valid_only_as_issued()
    {
        var token = _server.OperatorTokens.Create(string.Empty);

        Assert.StartsWith("tyr_admin_", token, StringComparison.Ordinal);
        Assert.True(_server.OperatorTokens.IsValid(token));
        Assert.False(_server.OperatorTokens.IsValid(token + "x"));
        Assert.False(_server.OperatorTokens.IsValid(SecretTokens.Hash(token)));
        Assert.False(_server.OperatorTokens.IsValid(_server.EnrollmentTokens.Create(TimeSpan.FromHours(1)).Token));
    }

    public void Dispose() => _server.Dispose();

    private bool Consume(string token, Guid agent, long nowMilliseconds) =>
        _server.State.Database.Write((connection, transaction) =>
            EnrollmentTokenStore.TryConsume(connection, transaction, token, agent, nowMilliseconds));

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string? Scalar(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }
}
