using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Tyr.Daemon.Kernel;
using Tyr.KernelTests.Infrastructure;

namespace Tyr.KernelTests;

/// <summary>
/// The C# mirrors of kernel structs (tyrd/Kernel/Records, tyrd/Kernel/MapLayouts) against the BTF
/// of the objects embedded in tyrd: same size, every field at the same offset, no field on one
/// side only (tetragon's alignchecker, with bpftool reading the BTF).
/// </summary>
public sealed partial class LayoutGuard
{
    private static readonly string[] s_families = ["process", "file", "exec", "net", "tls"];

    public static TheoryData<string> Mirrors() => [.. MirrorTypes().Keys];

    [Theory]
    [MemberData(nameof(Mirrors))]
    public void The_mirror_matches_the_kernel_struct(string name)
    {
        var structs = KernelStructs();
        Assert.True(structs.TryGetValue(name, out var btf), $"struct {name} is in none of the embedded objects' BTF");
        var type = MirrorTypes()[name];

        Assert.Equal(btf.Size, Marshal.SizeOf(type));
        var fields = type.GetFields(BindingFlags.Public | BindingFlags.Instance).Select(f => f.Name).ToHashSet();
        foreach (var (member, offset) in btf.Members)
        {
            Assert.True(fields.Contains(member), $"{name}.{member} has no C# field");
            Assert.Equal((name, member, offset), (name, member, (int)Marshal.OffsetOf(type, member)));
        }

        Assert.Equal(fields.Order(), btf.Members.Select(m => m.Name).Order());
    }

    [Fact]
    public void Every_record_and_map_struct_of_the_kernel_has_a_mirror()
    {
        var kernelOnly = new HashSet<string> { "tyr_scratch", "tyr_walk_ctx", "tyr_subject", "tyr_decision", "tyr_sockaddr", "tyr_ssl_read_args" };
        var unmirrored = KernelStructs().Keys.Where(k => !kernelOnly.Contains(k) && !MirrorTypes().ContainsKey(k)).ToList();
        Assert.Empty(unmirrored);
    }

    private static Dictionary<string, Type> MirrorTypes() =>
        typeof(KernelEventSource).Assembly.GetTypes()
            .Where(t => t.IsValueType && t.Name.StartsWith("tyr_", StringComparison.Ordinal)
                && t.Namespace is "Tyr.Daemon.Kernel.Records" or "Tyr.Daemon.Kernel.MapLayouts")
            .ToDictionary(t => t.Name);

    private static Dictionary<string, BtfStruct> KernelStructs()
    {
        var bpftool = Requires.Tool("bpftool");
        var structs = new Dictionary<string, BtfStruct>();
        var dir = Directory.CreateTempSubdirectory("tyr-btf-");
        try
        {
            foreach (var family in s_families)
            {
                var path = Path.Combine(dir.FullName, $"{family}.bpf.o");
                using (var resource = typeof(KernelEventSource).Assembly.GetManifestResourceStream($"bpf/{family}.bpf.o")!)
                using (var file = File.Create(path))
                {
                    resource.CopyTo(file);
                }

                foreach (var s in Parse(Run(bpftool, "btf", "dump", "file", path, "format", "raw")))
                {
                    if (structs.TryGetValue(s.Name, out var seen))
                    {
                        Assert.Equal(seen.Size, s.Size); // one layout in every object
                    }

                    structs[s.Name] = s;
                }
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        return structs;
    }

    // [12] STRUCT 'tyr_rule' size=8 vlen=4
    // 	'rule_id' type_id=3 bits_offset=0
    private static IEnumerable<BtfStruct> Parse(string dump)
    {
        BtfStruct? current = null;
        var remaining = 0;
        foreach (var line in dump.Split('\n'))
        {
            if (current is not null && remaining > 0)
            {
                var member = MemberLine().Match(line);
                Assert.True(member.Success, $"unexpected BTF member line: {line}");
                Assert.True(int.Parse(member.Groups[2].Value) % 8 == 0, $"{current.Name}.{member.Groups[1].Value} is a bitfield");
                current.Members.Add((member.Groups[1].Value, int.Parse(member.Groups[2].Value) / 8));
                if (--remaining == 0)
                {
                    yield return current;
                    current = null;
                }

                continue;
            }

            var header = StructLine().Match(line);
            if (header.Success && header.Groups[1].Value.StartsWith("tyr_", StringComparison.Ordinal))
            {
                current = new BtfStruct(header.Groups[1].Value, int.Parse(header.Groups[2].Value), []);
                remaining = int.Parse(header.Groups[3].Value);
            }
        }
    }

    private static string Run(string exe, params string[] args)
    {
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{exe} {string.Join(' ', args)}: {process.StandardError.ReadToEnd()}");
        return output;
    }

    [GeneratedRegex(@"^\[\d+\] STRUCT '(\w+)' size=(\d+) vlen=(\d+)")]
    private static partial Regex StructLine();

    [GeneratedRegex(@"^\s+'(\w+)' type_id=\d+ bits_offset=(\d+)")]
    private static partial Regex MemberLine();

    private sealed record BtfStruct(string Name, int Size, List<(string Name, int Offset)> Members);
}
