using System.Runtime.InteropServices;
using Tyr.Daemon.Interop;

namespace Tyr.Daemon.Kernel.Maps;

/// <summary>
/// A loaded map, by fd (owned by the object that created it). Element access goes through the
/// bpf(2) syscall; sizes are checked here so a wrong mirror fails loudly, not in the kernel.
/// </summary>
internal sealed unsafe class BpfMap(string name, int fd, int keySize, int valueSize)
{
    public string Name { get; } = name;

    public int Fd { get; } = fd;

    public int KeySize { get; } = keySize;

    public int ValueSize { get; } = valueSize;

    /// <summary>Returns 0 or a positive errno.</summary>
    public int TryUpdate(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ulong flags = Libbpf.BPF_ANY)
    {
        CheckSizes(key.Length, value.Length);
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            return -Libbpf.bpf_map_update_elem(Fd, k, v, flags);
        }
    }

    public void Update(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ulong flags = Libbpf.BPF_ANY)
    {
        var errno = TryUpdate(key, value, flags);
        if (errno != 0)
        {
            KernelThrowHelper.ThrowErrno($"update an entry of map {Name}", errno);
        }
    }

    public void Update<TKey, TValue>(in TKey key, in TValue value, ulong flags = Libbpf.BPF_ANY)
        where TKey : unmanaged
        where TValue : unmanaged =>
        Update(AsBytes(in key), AsBytes(in value), flags);

    /// <summary>True when the entry was there; an absent entry is not an error.</summary>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        CheckSizes(key.Length, ValueSize);
        int result;
        fixed (byte* k = key)
        {
            result = Libbpf.bpf_map_delete_elem(Fd, k);
        }

        if (result == -Errno.ENOENT)
        {
            return false;
        }

        KernelThrowHelper.ThrowIfNegative(result, $"delete an entry of map {Name}");
        return true;
    }

    public bool Delete<TKey>(in TKey key)
        where TKey : unmanaged =>
        Delete(AsBytes(in key));

    /// <summary>Reads a value into <paramref name="value"/> (for per-CPU maps: one slot per possible CPU).</summary>
    public bool TryLookup(ReadOnlySpan<byte> key, Span<byte> value)
    {
        if (key.Length != KeySize)
        {
            CheckSizes(key.Length, ValueSize);
        }

        int result;
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            result = Libbpf.bpf_map_lookup_elem(Fd, k, v);
        }

        if (result == -Errno.ENOENT)
        {
            return false;
        }

        KernelThrowHelper.ThrowIfNegative(result, $"read an entry of map {Name}");
        return true;
    }

    /// <summary>Every key, read before any is changed (deleting while walking restarts a hash map's walk).</summary>
    public List<byte[]> Keys()
    {
        var keys = new List<byte[]>();
        var next = new byte[KeySize];
        fixed (byte* first = next)
        {
            var result = Libbpf.bpf_map_get_next_key(Fd, null, first);
            while (result == 0)
            {
                keys.Add((byte[])next.Clone());
                fixed (byte* previous = keys[^1])
                {
                    result = Libbpf.bpf_map_get_next_key(Fd, previous, first);
                }
            }

            if (result != -Errno.ENOENT)
            {
                KernelThrowHelper.ThrowErrno($"list the keys of map {Name}", -result);
            }
        }

        return keys;
    }

    public static ReadOnlySpan<byte> AsBytes<T>(in T value)
        where T : unmanaged =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value));

    private void CheckSizes(int keyLength, int valueLength)
    {
        if (keyLength != KeySize || valueLength != ValueSize)
        {
            KernelThrowHelper.Throw(
                $"map {Name} takes {KeySize}-byte keys and {ValueSize}-byte values, not {keyLength} and {valueLength}");
        }
    }
}
