using System.Runtime.InteropServices;

namespace FaxAppliance.Benchmarks.Call;

/// <summary>
/// Linux CPU clocks: the calling thread's CPU time (clock_gettime CLOCK_THREAD_CPUTIME_ID) and the CPU time of
/// waited-for children (getrusage RUSAGE_CHILDREN), as POSIX.1-2008 defines them.
/// </summary>
internal static partial class CpuClocks
{
    private const int ClockThreadCpuTimeId = 3; // <time.h> CLOCK_THREAD_CPUTIME_ID on Linux
    private const int RusageChildren = -1;      // <sys/resource.h> RUSAGE_CHILDREN

    /// <summary>CPU time the calling thread has used, in seconds.</summary>
    public static double ThreadSeconds()
    {
        if (clock_gettime(ClockThreadCpuTimeId, out Timespec ts) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: " + Marshal.GetLastPInvokeError());
        }

        return ts.Seconds + (ts.Nanoseconds * 1e-9);
    }

    /// <summary>User + system CPU time of every terminated and waited-for descendant, in seconds.</summary>
    public static double ChildrenSeconds()
    {
        if (getrusage(RusageChildren, out Rusage usage) != 0)
        {
            throw new InvalidOperationException("getrusage(RUSAGE_CHILDREN) failed: " + Marshal.GetLastPInvokeError());
        }

        return usage.UserSeconds + (usage.UserMicroseconds * 1e-6) + usage.SystemSeconds + (usage.SystemMicroseconds * 1e-6);
    }

    /// <summary>CPU time (user + system) this process has used, in seconds.</summary>
    public static double ProcessSeconds()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clockId, out Timespec ts);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, out Rusage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // struct rusage on 64-bit Linux: two timevals, then 14 longs we do not read.
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public RusageRest Rest;
    }

    [System.Runtime.CompilerServices.InlineArray(14)]
    private struct RusageRest
    {
        private long _element0;
    }
}
