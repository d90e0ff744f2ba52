using System.Runtime.InteropServices;

namespace SocialFusion.Training.Runtime;

/// <summary>
/// OpenMP settings for libtorch's CPU kernels. libtorch's OpenMP (libgomp) by default lets idle worker threads
/// spin between parallel regions. On a machine where other processes compete for the cores this is very costly:
/// a spinning or descheduled worker stalls every small operator (measured here under load: CLIP ViT-B/32 at batch 1
/// went from 0.8 to 3.3 images/s with passive waiting, batch 32 from 3.1 to 4.3). Passive waiting costs a wake-up
/// (microseconds) per parallel region on an idle machine.
/// </summary>
public static class TorchThreading
{
    /// <summary>
    /// Most torch intra-op threads <see cref="SetThreads"/> accepts: 256, far above any useful count (libtorch's pools
    /// gain nothing past the core count) but bounded, since start-up time grows with the count.
    /// </summary>
    public const int MaxThreads = 256;

    /// <summary>Sets torch's intra-op thread count; throws <see cref="ArgumentOutOfRangeException"/> outside 1..<see cref="MaxThreads"/>.</summary>
    public static void SetThreads(int threads)
    {
        if (threads < 1 || threads > MaxThreads)
            throw new ArgumentOutOfRangeException(nameof(threads), threads,
                $"--threads must be between 1 and {MaxThreads} (this machine has {Environment.ProcessorCount} cores), got {threads}.");
        TorchSharp.torch.set_num_threads(threads);
    }

    /// <summary>Environment variable that forces the default back (any value, e.g. ACTIVE) when set by the user.</summary>
    public const string Variable = "OMP_WAIT_POLICY";

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    /// <summary>
    /// Sets <c>OMP_WAIT_POLICY=PASSIVE</c> in the native environment unless the user set the variable. Takes effect
    /// only when called before libtorch is loaded (before the first TorchSharp call of the process); returns whether
    /// the variable was set by this call. Linux only (elsewhere a no-op returning false).
    /// </summary>
    public static bool PreferPassiveWait()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null) return false;
        try
        {
            if (SetEnv(Variable, "PASSIVE", 0) != 0) return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        Environment.SetEnvironmentVariable(Variable, "PASSIVE");
        return true;
    }
}
