using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using OrtSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Ensemble.Core.Inference;

/// <summary>
/// Creates inference sessions on the chosen execution provider. The provider is probed once: with
/// <see cref="ExecutionProviderPreference.Auto"/> CUDA is tried and, where its libraries cannot load, the CPU
/// is used. (ONNX Runtime lists CUDA as available even where it cannot load, so the list proves nothing.)
/// </summary>
public sealed class OnnxSessionFactory
{
    private static readonly Lock EnvironmentLock = new();
    private static bool s_environmentCreated;
    private readonly InferenceOptions _options;

    public OnnxSessionFactory(InferenceOptions options, ILogger<OnnxSessionFactory> logger)
    {
        _options = options;
        EnsureQuietEnvironment();
        Provider = Probe(options.ExecutionProvider, logger);
        logger.LogInformation("ONNX Runtime {Version} runs models on {Provider}", OrtEnv.Instance().GetVersionString(), Provider);
    }

    /// <summary>"CUDA" or "CPU".</summary>
    public string Provider { get; }

    /// <summary>A serving session: one for the life of the model, shared by every request.</summary>
    public InferenceSession Create(byte[] model)
    {
        using var options = NewOptions(Provider == "CUDA", _options.IntraOpThreads);
        return new InferenceSession(model, options);
    }

    /// <summary>
    /// A session for one pass over a whole split, disposed right after, which frees its memory arena: the arena
    /// then holds only the running batches' activations, and reusing it spares every batch the page faults of fresh
    /// allocations (without it a pass peaked higher, and one in three took up to eight times as long). One thread per run: the pass runs its batches in parallel itself.
    /// </summary>
    public InferenceSession CreateBulk(byte[] model)
    {
        using var options = NewOptions(Provider == "CUDA", intraOpThreads: 1);
        return new InferenceSession(model, options);
    }

    private static OrtSessionOptions NewOptions(bool cuda, int intraOpThreads)
    {
        var options = new OrtSessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (intraOpThreads > 0)
        {
            options.IntraOpNumThreads = intraOpThreads;
        }

        // Idle intra-op threads would otherwise spin for a while after every run, taking cores from request handling.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");

        if (cuda)
        {
            options.AppendExecutionProvider_CUDA(0);
        }

        return options;
    }

    private string Probe(ExecutionProviderPreference preference, ILogger logger)
    {
        if (preference == ExecutionProviderPreference.Cpu)
        {
            return "CPU";
        }

        try
        {
            using var options = NewOptions(cuda: true, _options.IntraOpThreads);
            return "CUDA";
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            if (preference == ExecutionProviderPreference.Cuda)
            {
                throw new InvalidOperationException(
                    $"Inference:ExecutionProvider is Cuda but the CUDA provider cannot load ({e.Message.Trim()}). It needs CUDA 13 and cuDNN 9 on the host.", e);
            }

            logger.LogInformation("CUDA is not available ({Reason}); using the CPU", FirstLine(e.Message));
            return "CPU";
        }
    }

    // A failed CUDA probe logs errors at ONNX Runtime's default level; create the environment quiet first.
    private static void EnsureQuietEnvironment()
    {
        lock (EnvironmentLock)
        {
            if (s_environmentCreated)
            {
                return;
            }

            try
            {
                var options = new EnvironmentCreationOptions { logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, logId = "ensemble" };
                OrtEnv.CreateInstanceWithOptions(ref options);
            }
            catch (OnnxRuntimeException)
            {
                // Another component created the environment first; sessions still work.
            }

            s_environmentCreated = true;
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
