using System.Runtime.InteropServices;

namespace Ensemble.Core.Memory;

/// <summary>
/// Hands memory that large one-off work freed back to the operating system. glibc keeps freed heap pages for
/// reuse, so a process's RSS stays at the peak of its largest pass (a split scored, a model trained) unless asked;
/// the managed heap likewise keeps its segments committed until an aggressive collection decommits them.
/// </summary>
public static partial class NativeHeap
{
    /// <summary>After a large pass has ended and its buffers are unreachable.</summary>
    public static void Release()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Trim();
    }

    /// <summary>Returns glibc's free heap pages; a no-op on other C libraries.</summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // musl (Alpine) has no malloc_trim; its allocator returns large blocks by itself.
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
