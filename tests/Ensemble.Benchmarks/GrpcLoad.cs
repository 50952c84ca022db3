using System.Runtime.InteropServices;
using Ensemble.Web.Grpc.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ensemble.Benchmarks;

/// <summary>
/// Closed-loop load on the Open Inference Protocol's gRPC service, as Triton's gRPC client and perf_analyzer send it:
/// batch-1 ModelInfer with the image as raw_input_contents. Clients are spread over several channels (HTTP/2
/// connections), so that one connection's multiplexing does not serialize them.
/// </summary>
internal static class GrpcLoad
{
    private const int MaxChannels = 16;

    public static async Task<LoadResult> RunAsync(string address, float[][] images, int clients, TimeSpan duration)
    {
        var requests = images.Select(InferRequest).ToArray();
        var channels = Enumerable.Range(0, Math.Min(clients, MaxChannels)).Select(_ => GrpcChannel.ForAddress(address)).ToArray();
        try
        {
            var stubs = channels.Select(c => new GRPCInferenceService.GRPCInferenceServiceClient(c)).ToArray();
            return await ClosedLoop.RunAsync(clients, duration, async (c, i) =>
            {
                try
                {
                    var answer = await stubs[c % stubs.Length].ModelInferAsync(requests[i % requests.Length]);
                    return answer.RawOutputContents.Count == 1;
                }
                catch (RpcException)
                {
                    return false;
                }
            });
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>A batch-1 ModelInfer of the uniform ensemble with the image as raw contents.</summary>
    internal static ModelInferRequest InferRequest(float[] image) => new()
    {
        ModelName = HttpRoute.Ensemble,
        Inputs = { new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32", Shape = { 1, image.Length } } },
        RawInputContents = { ByteString.CopyFrom(MemoryMarshal.AsBytes(image.AsSpan())) },
    };
}
