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
internal sealed class InferenceGrpcService(OipModels models, OipInference inference, OipRepository repository, InferenceOptions options)
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
            Outputs =
            {
                new ModelMetadataResponse.Types.TensorMetadata { Name = OipProtocol.Output, Datatype = OipProtocol.Fp32, Shape = { -1L, task.Classes.Count } },
                OipProtocol.ExtraOutputs.Select(o => new ModelMetadataResponse.Types.TensorMetadata { Name = o.Key, Datatype = o.Value, Shape = { -1L } }),
            },
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

    public override async Task<ModelConfigResponse> ModelConfig(ModelConfigRequest request, ServerCallContext context)
    {
        var described = await repository.ConfigurationAsync(request.Name, request.Version, context.CancellationToken);
        var config = new ModelConfig
        {
            Name = described.Name,
            Platform = described.Platform,
            Backend = described.Backend,
            VersionPolicy = new ModelVersionPolicy { Latest = new ModelVersionPolicy.Types.Latest { NumVersions = 1 } },
            MaxBatchSize = described.MaxBatchSize,
            Input = { new ModelInput { Name = OipProtocol.Input, DataType = DataType.TypeFp32, Format = ModelInput.Types.Format.None, Dims = { described.InputDims } } },
            Output = { new ModelOutput { Name = OipProtocol.Output, DataType = DataType.TypeFp32, Dims = { described.Classes } } },
            Parameters = { described.Parameters.ToDictionary(p => p.Key, p => new ModelParameter { StringValue = p.Value }) },
        };
        if (described.Steps.Count > 0)
        {
            config.EnsembleScheduling = new ModelEnsembling
            {
                Step =
                {
                    described.Steps.Select(s => new ModelEnsembling.Types.Step
                    {
                        ModelName = s.Model,
                        ModelVersion = 1,
                        InputMap = { [OipProtocol.Input] = OipProtocol.Input },
                        OutputMap = { [OipProtocol.Output] = OipModelConfiguration.StepOutput(s.Model) },
                    }),
                },
            };
        }

        if (described.InstanceGroup is { } group)
        {
            config.InstanceGroup.Add(new ModelInstanceGroup { Count = group.Count, Kind = group.Kind == "KIND_GPU" ? ModelInstanceGroup.Types.Kind.Gpu : ModelInstanceGroup.Types.Kind.Cpu });
        }

        if (described.DynamicBatching is { } batching)
        {
            config.DynamicBatching = new ModelDynamicBatching { PreferredBatchSize = { batching.PreferredBatchSize }, MaxQueueDelayMicroseconds = (ulong)batching.MaxQueueDelayMicroseconds };
        }

        return new ModelConfigResponse { Config = config };
    }

    public override async Task<ModelStatisticsResponse> ModelStatistics(ModelStatisticsRequest request, ServerCallContext context)
    {
        var response = new ModelStatisticsResponse();
        foreach (var (model, version, counters) in await repository.StatisticsAsync(request.Name, request.Version, context.CancellationToken))
        {
            response.ModelStats.Add(new ModelStatistics
            {
                Name = model,
                Version = version,
                LastInference = (ulong)counters.LastInference,
                InferenceCount = (ulong)counters.Inferences,
                ExecutionCount = (ulong)counters.Executions,
                InferenceStats = new InferStatistics
                {
                    Success = Duration(counters.Success),
                    Fail = Duration(counters.Fail),
                    Queue = Duration(counters.Queue),
                    ComputeInput = new StatisticDuration(),
                    ComputeInfer = Duration(counters.Compute),
                    ComputeOutput = new StatisticDuration(),
                    CacheHit = new StatisticDuration(),
                    CacheMiss = new StatisticDuration(),
                },
            });
        }

        return response;
    }

    public override async Task<RepositoryIndexResponse> RepositoryIndex(RepositoryIndexRequest request, ServerCallContext context)
    {
        var response = new RepositoryIndexResponse();
        foreach (var entry in await repository.IndexAsync(request.Ready, context.CancellationToken))
        {
            response.Models.Add(new RepositoryIndexResponse.Types.ModelIndex { Name = entry.Name, Version = entry.Version, State = entry.State, Reason = entry.Reason ?? "" });
        }

        return response;
    }

    private static StatisticDuration Duration((long Count, long Ns) total) => new() { Count = (ulong)total.Count, Ns = (ulong)total.Ns };

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
            else if (output.Bools is not null)
            {
                tensor.Contents = new InferTensorContents { BoolContents = { output.Bools } };
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
