using Google.Protobuf;
using Tyr.Daemon.Policy;
using Tyr.Protocol;

namespace Tyr.UnitTests.Daemon;

/// <summary>The last push kept in the state directory for the next start.</summary>
public sealed class PolicyCacheTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("tyr-policy-cache-");

    private string CacheFile => Path.Combine(_directory.FullName, "policy.pb");

    [Fact]
    public void A_kept_push_comes_back_whole_and_only_its_owner_can_read_it()
    {
        var push = new PolicyPush { PolicyVersion = 7, CedarText = "permit(principal, action, resource);", BpfEntries = ByteString.CopyFrom(1, 2, 3), BaseName = "laptop" };
        new PolicyCache(CacheFile).Save(push);

        Assert.Equal(push, new PolicyCache(CacheFile).Load());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CacheFile));
        Assert.False(File.Exists(CacheFile + ".tmp"));
    }

    [Fact]
    public void A_later_push_replaces_the_kept_one()
    {
        var cache = new PolicyCache(CacheFile);
        cache.Save(new PolicyPush { PolicyVersion = 1 });
        cache.Save(new PolicyPush { PolicyVersion = 2, DenyByDefault = true });

        var kept = cache.Load();
        Assert.Equal(2, kept!.PolicyVersion);
        Assert.True(kept.DenyByDefault);
    }

    [Fact]
    public void Nothing_kept_is_no_policy()
    {
        Assert.Null(new PolicyCache(CacheFile).Load());
    }

    [Fact]
    public void A_damaged_file_is_ignored_rather_than_trusted()
    {
        File.WriteAllBytes(CacheFile, [0x0a, 0xff, 0xff]); // a field that claims more bytes than there are
        Assert.Null(new PolicyCache(CacheFile).Load());
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
