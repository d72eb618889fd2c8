using Tyr.Daemon.Config;

namespace Tyr.UnitTests.Daemon;

/// <summary><c>kernel.pin_dir</c> of tyrd.yaml: where the hooks outlive tyrd, or <c>off</c>.</summary>
public sealed class PinDirectoryConfigTests
{
    private const string File = "/etc/tyr/tyrd.yaml";

    [Fact]
    public void By_default_the_hooks_are_pinned_under_sys_fs_bpf_tyr()
    {
        Assert.Equal("/sys/fs/bpf/tyr", DaemonConfigLoader.Parse("batch_max_events: 10\n", File).PinDirectory);
        Assert.Equal("/sys/fs/bpf/tyr", DaemonConfigLoader.Parse("kernel:\n", File).PinDirectory);
    }

    [Fact]
    public void A_directory_of_ones_own_is_taken()
    {
        var config = DaemonConfigLoader.Parse("kernel:\n  pin_dir: /sys/fs/bpf/tyr-staging\n", File);
        Assert.Equal("/sys/fs/bpf/tyr-staging", config.PinDirectory);
    }

    [Fact]
    public void Off_means_the_hooks_go_with_tyrd()
    {
        Assert.Null(DaemonConfigLoader.Parse("kernel:\n  pin_dir: off\n", File).PinDirectory);
    }

    [Fact]
    public void A_relative_directory_is_an_error_at_its_line()
    {
        var error = Assert.Throws<ConfigException>(() => DaemonConfigLoader.Parse("heartbeat_interval_s: 5\nkernel:\n  pin_dir: bpf/tyr\n", File));
        Assert.StartsWith($"{File}:3:", error.Message, StringComparison.Ordinal);
        Assert.Contains("kernel.pin_dir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_kernel_key_is_an_error_naming_it()
    {
        var error = Assert.Throws<ConfigException>(() => DaemonConfigLoader.Parse("kernel:\n  pin_directory: /sys/fs/bpf/x\n", File));
        Assert.StartsWith($"{File}:2:", error.Message, StringComparison.Ordinal);
        Assert.Contains("pin_directory", error.Message, StringComparison.Ordinal);
    }
}
