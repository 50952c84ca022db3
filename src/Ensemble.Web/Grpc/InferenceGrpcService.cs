using Ensemble.Core.Inference;
using Ensemble.Web.Grpc.Protocol;
using Ensemble.Web.OpenInference;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;

namespace Ensemble.Web.Grpc;

/// <summary>
/// The Open Inference Protocol's gRPC service (inference.GRPCInferenceService), as Triton's and KServe's gRPC
/// clients call it: the same models, shapes and answers as the REST routes, read and written as protobuf. Inputs
/// come as typed fp32_contents or as raw_input_contents; an answer is raw when the request was. Refusals become
/// status codes in <see cref="RefusalInterceptor"/>.
/// </summary>
internal sealed class InferenceGrpcService(OipModels models, OipInference inference, InferenceOptions options)
    : GRPCInferenceService.GRPCInferenceServiceBase
{
    private const string Classification = "classification";

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = models.ServerReady });

    public override async Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        var target = await models.ResolveAsync(request.Name, request.Version, context.CancellationToken);
        return new ModelReadyResponse { Ready = models.WhyNotReady(target) is null };
    }

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerMetadataResponse { Name = OipProtocol.ServerName, Version = OipProtocol.ServerVersion, Extensions = { OipProtocol.Extensions } });

    public override async Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        var target = await models.ResolveAsync(request.Name, request.Version, context.CancellationToken);
        var task = target.Task;
        var input = new ModelMetadataResponse.Types.TensorMetadata { Name = OipProtocol.Input, Datatype = OipProtocol.Fp32, Shape = { -1L } };
        input.Shape.AddRange(task.Input.Shape.Select(d => (long)d));
        return new ModelMetadataResponse
        {
            Name = request.Name,
            Versions = { await models.VersionsAsync(target, context.CancellationToken) },
            Platform = target.Platform,
            Inputs = { input },
            Outputs = { new ModelMetadataResponse.Types.TensorMetadata { Name = OipProtocol.Output, Datatype = OipProtocol.Fp32, Shape = { -1L, task.Classes.Count } } },
        };
    }

    [EnableRateLimiting(Security.ClientRateLimits.Policy)]
    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var target = await models.ResolveAsync(request.ModelName, request.ModelVersion, context.CancellationToken);
        var raw = request.RawInputContents.Count > 0;
        var outputs = OipOutputs.Check([.. request.Outputs.Select(o => new OipOutputRequest(o.Name, Top(o), raw))], target.Task, raw);
        OipInference.RequireOneInput(request.Inputs.Count);
        var input = request.Inputs[0];
        if (raw && (request.RawInputContents.Count != 1 || input.Contents is not null))
        {
            throw new RefusalException(RefusalKind.Invalid,
                $"raw_input_contents holds {request.RawInputContents.Count} entries for 1 input{(input.Contents is null ? "" : ", which also has contents")}; send one entry per input and no contents beside it.", "inputs");
        }

        var count = OipInputs.Count(input.Name, input.Datatype, input.Shape, target.Task, options.MaxBatch);
        var values = raw
            ? OipInputs.FromBytes(request.RawInputContents[0].Span, count, target.Task)
            : OipInputs.FromFloats(input.Contents?.Fp32Contents ?? [], count, target.Task);

        return Answer(request, target, await inference.RunAsync(target, values, count, outputs, context.GetHttpContext(), "gRPC ModelInfer"), raw);
    }

    private static ModelInferResponse Answer(ModelInferRequest request, OipTarget target, IReadOnlyList<OipOutput> outputs, bool raw)
    {
        var response = new ModelInferResponse { ModelName = request.ModelName, ModelVersion = target.Version, Id = request.Id };
        foreach (var output in outputs)
        {
            var tensor = new ModelInferResponse.Types.InferOutputTensor { Name = output.Name, Datatype = output.Datatype, Shape = { output.Shape } };
            if (raw)
            {
                // The bytes are this answer's own, so protobuf may keep them without a copy.
                response.RawOutputContents.Add(UnsafeByteOperations.UnsafeWrap(output.RawBytes()));
            }
            else if (output.Floats is not null)
            {
                tensor.Contents = new InferTensorContents { Fp32Contents = { output.Floats } };
            }
            else
            {
                tensor.Contents = new InferTensorContents { BytesContents = { output.Strings!.Select(ByteString.CopyFromUtf8) } };
            }

            response.Outputs.Add(tensor);
        }

        return response;
    }

    // Triton's clients send the classification count as an int64 parameter; a string of digits is taken too.
    private static int Top(ModelInferRequest.Types.InferRequestedOutputTensor output)
    {
        if (!output.Parameters.TryGetValue(Classification, out var parameter))
        {
            return 0;
        }

        long? top = parameter.ParameterChoiceCase switch
        {
            InferParameter.ParameterChoiceOneofCase.Int64Param => parameter.Int64Param,
            InferParameter.ParameterChoiceOneofCase.Uint64Param when parameter.Uint64Param <= int.MaxValue => (long)parameter.Uint64Param,
            InferParameter.ParameterChoiceOneofCase.StringParam when int.TryParse(parameter.StringParam, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        return top is >= 0 and <= int.MaxValue
            ? (int)top.Value
            : throw new RefusalException(RefusalKind.Invalid, $"Output '{output.Name}' has classification {parameter}; it must be a whole number of classes.", "outputs");
    }
}
