using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Ensemble.Web.Endpoints.Samples;
using Ensemble.Web.Grpc.Protocol;
using Ensemble.Web.Tests.Endpoints;
using Google.Protobuf;
using Grpc.Core;

namespace Ensemble.Web.Tests.Grpc;

/// <summary>Every RPC of the Open Inference Protocol's gRPC service, through Grpc.Net.Client on a real HTTP/2 port.</summary>
public sealed class GrpcInferenceTests(GrpcAppFixture fixture) : IClassFixture<GrpcAppFixture>
{
    private const string Uniform = EnsembleAppFactory.Uniform;
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client = fixture.Client;

    [Fact]
    public async Task ServerRpcs_SayLiveReadyAndTheExtensions()
    {
        Assert.True((await _client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await _client.ServerReadyAsync(new ServerReadyRequest())).Ready);
        var metadata = await _client.ServerMetadataAsync(new ServerMetadataRequest());

        Assert.Equal("ensemble", metadata.Name);
        Assert.Contains("binary_tensor_data", metadata.Extensions);
        Assert.Contains("classification", metadata.Extensions);
    }

    [Fact]
    public async Task ModelMetadataAndReady_DescribeEnsemblesAndMembersOfEveryTask()
    {
        var ensemble = await _client.ModelMetadataAsync(new ModelMetadataRequest { Name = Uniform });
        var digits = await _client.ModelMetadataAsync(new ModelMetadataRequest { Name = "digits-mlp", Version = "1" });

        Assert.Equal("ensemble", ensemble.Platform);
        Assert.Equal(["1"], ensemble.Versions);
        Assert.Equal([-1L, 1, 28, 28], ensemble.Inputs.Single().Shape);
        Assert.Equal([-1L, 10], ensemble.Outputs[0].Shape);
        Assert.Equal(["probabilities", "entropy", "mutual_information", "agreement", "abstain"], ensemble.Outputs.Select(o => o.Name));
        Assert.Equal("onnxruntime_onnx", digits.Platform);
        Assert.Equal([-1L, 1, 8, 8], digits.Inputs.Single().Shape);
        Assert.True((await _client.ModelReadyAsync(new ModelReadyRequest { Name = "digits-uniform" })).Ready);
        Assert.True((await _client.ModelReadyAsync(new ModelReadyRequest { Name = "residual", Version = "1" })).Ready);
    }

    [Fact]
    public async Task RawTypedAndRestJson_GiveTheSameAnswer_ToTheLastBit()
    {
        var (pixels, count) = await SamplesAsync("fashion-mnist", 3);
        var raw = await _client.ModelInferAsync(Request(Uniform, pixels, count, raw: true, id: "raw-1"));
        var typed = await _client.ModelInferAsync(Request(Uniform, pixels, count, raw: false, id: "typed-1"));
        var json = await RestJsonAsync(Uniform, pixels, count);

        Assert.Equal("raw-1", raw.Id);
        Assert.Equal("typed-1", typed.Id);
        Assert.Equal(Uniform, raw.ModelName);
        Assert.Equal("1", raw.ModelVersion);
        Assert.Equal([3L, 10], raw.Outputs.Single().Shape);
        Assert.Null(raw.Outputs[0].Contents);
        var fromRaw = MemoryMarshal.Cast<byte, float>(raw.RawOutputContents.Single().Span).ToArray();
        Assert.Empty(typed.RawOutputContents);
        Assert.Equal(Bits(fromRaw), Bits([.. typed.Outputs[0].Contents.Fp32Contents]));
        Assert.Equal(Bits(fromRaw), Bits(json));
    }

    [Fact]
    public async Task Classification_ReturnsTheTopClassesWithTheTasksLabels_RawAndTyped()
    {
        var (pixels, count) = await SamplesAsync("digits", 2);
        var probabilities = await _client.ModelInferAsync(Request("digits-uniform", pixels, count, raw: false));
        var typed = Request("digits-uniform", pixels, count, raw: false);
        typed.Outputs.Add(Classify(3));
        var raw = Request("digits-uniform", pixels, count, raw: true);
        raw.Outputs.Add(Classify(3));

        var typedAnswer = await _client.ModelInferAsync(typed);
        var rawAnswer = await _client.ModelInferAsync(raw);

        var output = typedAnswer.Outputs.Single();
        Assert.Equal("BYTES", output.Datatype);
        Assert.Equal([2L, 3], output.Shape);
        var labels = output.Contents.BytesContents.Select(b => b.ToStringUtf8()).ToArray();
        var expected = probabilities.Outputs[0].Contents.Fp32Contents.ToArray();
        for (var row = 0; row < count; row++)
        {
            var top = expected.Skip(row * 10).Take(10).Select((p, c) => (p, c)).OrderByDescending(x => x.p).First();
            var parts = labels[row * 3].Split(':');
            Assert.Equal(top.c, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(CommittedTasks.Digits.Classes[top.c], parts[2]);
            Assert.Equal(top.p, float.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), 5);
        }

        Assert.Equal(labels, ReadBytesTensor(rawAnswer.RawOutputContents.Single().Span));
    }

    [Fact]
    public async Task UncertaintyOutputs_ComeTypedAndRaw_AndMatchRest()
    {
        var (pixels, count) = await SamplesAsync("digits", 3);
        string[] names = ["entropy", "mutual_information", "agreement", "abstain"];
        var typed = Request("digits-uniform", pixels, count, raw: false);
        var raw = Request("digits-uniform", pixels, count, raw: true);
        foreach (var name in names)
        {
            typed.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = name });
            raw.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = name });
        }

        var typedAnswer = await _client.ModelInferAsync(typed);
        var rawAnswer = await _client.ModelInferAsync(raw);
        var rest = await fixture.Http.PostAsJsonAsync("/api/predict", new { ensemble = "digits-uniform", instances = Enumerable.Range(0, count).Select(i => new { pixels = pixels[(i * 64)..((i + 1) * 64)] }) });
        var predictions = JsonNode.Parse(await rest.Content.ReadAsStringAsync())!["predictions"]!.AsArray();

        Assert.Equal(names, typedAnswer.Outputs.Select(o => o.Name));
        Assert.Equal("BOOL", typedAnswer.Outputs[3].Datatype);
        Assert.Equal([false, false, false], typedAnswer.Outputs[3].Contents.BoolContents);
        Assert.Equal(new byte[count], rawAnswer.RawOutputContents[3].ToByteArray());
        var entropy = MemoryMarshal.Cast<byte, float>(rawAnswer.RawOutputContents[0].Span).ToArray();
        Assert.Equal(typedAnswer.Outputs[0].Contents.Fp32Contents, entropy);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal((double)predictions[i]!["uncertainty"]!["entropy"]!, entropy[i], 5);
            Assert.Equal((double)predictions[i]!["uncertainty"]!["agreement"]!, typedAnswer.Outputs[2].Contents.Fp32Contents[i], 6);
        }
    }

    [Fact]
    public async Task AMemberOfAnotherTask_AnswersAlone()
    {
        var (pixels, count) = await SamplesAsync("digits", 4);
        var member = await _client.ModelInferAsync(Request("digits-mlp", pixels, count, raw: true));
        var json = await RestJsonAsync("digits-mlp", pixels, count);

        Assert.Equal([4L, 10], member.Outputs[0].Shape);
        Assert.Equal(Bits(json), Bits(MemoryMarshal.Cast<byte, float>(member.RawOutputContents[0].Span).ToArray()));
    }

    public static TheoryData<string, StatusCode> Refusals() => new()
    {
        { "unknown model", StatusCode.NotFound },
        { "unknown version", StatusCode.NotFound },
        { "member version 2", StatusCode.NotFound },
        { "wrong shape", StatusCode.InvalidArgument },
        { "INT64 datatype", StatusCode.InvalidArgument },
        { "raw contents too short", StatusCode.InvalidArgument },
        { "raw and typed contents", StatusCode.InvalidArgument },
        { "typed contents too long", StatusCode.InvalidArgument },
        { "pixel of 2", StatusCode.InvalidArgument },
        { "no inputs", StatusCode.InvalidArgument },
        { "unknown output", StatusCode.InvalidArgument },
        { "classification of 11", StatusCode.InvalidArgument },
        { "model that failed to load", StatusCode.Unavailable },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ARefusedCall_GetsItsStatusCode_AndAReason(string name, StatusCode expected)
    {
        var pixels = new float[784];
        var request = name switch
        {
            "unknown model" => Request("ghost", pixels, 1, raw: true),
            "unknown version" => Request(Uniform, pixels, 1, raw: true).With(r => r.ModelVersion = "9"),
            "member version 2" => Request("residual", pixels, 1, raw: true).With(r => r.ModelVersion = "2"),
            "wrong shape" => Request(Uniform, pixels, 1, raw: true).With(r => r.Inputs[0].Shape[1] = 783),
            "INT64 datatype" => Request(Uniform, pixels, 1, raw: true).With(r => r.Inputs[0].Datatype = "INT64"),
            "raw contents too short" => Request(Uniform, pixels, 1, raw: true).With(r => r.RawInputContents[0] = ByteString.CopyFrom(new byte[100])),
            "raw and typed contents" => Request(Uniform, pixels, 1, raw: true).With(r => r.Inputs[0].Contents = new InferTensorContents { Fp32Contents = { pixels } }),
            "typed contents too long" => Request(Uniform, new float[785], 1, raw: false),
            "pixel of 2" => Request(Uniform, [2f, .. new float[783]], 1, raw: false),
            "no inputs" => new ModelInferRequest { ModelName = Uniform },
            "unknown output" => Request(Uniform, pixels, 1, raw: true).With(r => r.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "logits" })),
            "classification of 11" => Request(Uniform, pixels, 1, raw: true).With(r => r.Outputs.Add(Classify(11))),
            _ => Request(GrpcAppFixture.Broken, pixels, 1, raw: true),
        };

        var refusal = await Assert.ThrowsAsync<RpcException>(() => _client.ModelInferAsync(request).ResponseAsync);

        Assert.Equal(expected, refusal.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Status.Detail));
        Assert.True((await _client.ServerLiveAsync(new ServerLiveRequest())).Live);
    }

    [Fact]
    public async Task MetadataOfAnUnknownModel_IsNotFound()
    {
        var refusal = await Assert.ThrowsAsync<RpcException>(() => _client.ModelMetadataAsync(new ModelMetadataRequest { Name = "ghost" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, refusal.StatusCode);
    }

    [Fact]
    public async Task ModelConfig_SaysWhatTheRestConfigSays_ForAMemberAndAnEnsemble()
    {
        var member = (await _client.ModelConfigAsync(new ModelConfigRequest { Name = "digits-mlp" })).Config;
        var ensemble = (await _client.ModelConfigAsync(new ModelConfigRequest { Name = Uniform, Version = "1" })).Config;
        var rest = JsonNode.Parse(await fixture.Http.GetStringAsync($"/v2/models/{Uniform}/config"))!;

        Assert.Equal("onnxruntime_onnx", member.Platform);
        Assert.Equal("onnxruntime", member.Backend);
        Assert.Equal([1L, 8, 8], member.Input.Single().Dims);
        Assert.Equal(DataType.TypeFp32, member.Input[0].DataType);
        Assert.Equal([10L], member.Output.Single().Dims);
        Assert.Equal(ModelInstanceGroup.Types.Kind.Cpu, member.InstanceGroup.Single().Kind);
        Assert.Equal("digits", member.Parameters["task"].StringValue);
        Assert.Equal("ensemble", ensemble.Platform);
        Assert.Equal(ModelConfig.SchedulingChoiceOneofCase.EnsembleScheduling, ensemble.SchedulingChoiceCase);
        Assert.Equal(rest["ensemble_scheduling"]!["step"]!.AsArray().Select(s => (string)s!["model_name"]!), ensemble.EnsembleScheduling.Step.Select(s => s.ModelName));
        Assert.Equal((int)rest["max_batch_size"]!, ensemble.MaxBatchSize);
        Assert.Equal(rest["input"]![0]!["dims"]!.AsArray().Select(d => (long)d!), ensemble.Input[0].Dims);
        Assert.Equal((string?)rest["parameters"]!["weights"]!["string_value"], ensemble.Parameters["weights"].StringValue);
        Assert.Equal(1U, ensemble.VersionPolicy.Latest.NumVersions);
    }

    [Fact]
    public async Task ModelStatistics_CountACallMadeOverGrpc()
    {
        var before = (await _client.ModelStatisticsAsync(new ModelStatisticsRequest { Name = "digits-uniform" })).ModelStats.Single();
        var (pixels, count) = await SamplesAsync("digits", 2);
        await _client.ModelInferAsync(Request("digits-uniform", pixels, count, raw: true));

        var after = (await _client.ModelStatisticsAsync(new ModelStatisticsRequest { Name = "digits-uniform" })).ModelStats.Single();
        var all = (await _client.ModelStatisticsAsync(new ModelStatisticsRequest())).ModelStats;

        Assert.Equal("1", after.Version);
        Assert.Equal(2UL, after.InferenceCount - before.InferenceCount);
        Assert.Equal(1UL, after.InferenceStats.Success.Count - before.InferenceStats.Success.Count);
        Assert.True(after.InferenceStats.Success.Ns > before.InferenceStats.Success.Ns);
        Assert.True(after.LastInference > 0);
        Assert.Contains(all, s => s.Name == "digits-mlp" && s.ExecutionCount > 0);
    }

    [Fact]
    public async Task RepositoryIndex_ListsWhatTheRestIndexLists()
    {
        var index = (await _client.RepositoryIndexAsync(new RepositoryIndexRequest())).Models;
        var ready = (await _client.RepositoryIndexAsync(new RepositoryIndexRequest { Ready = true })).Models;
        var rest = (await (await fixture.Http.PostAsync("/v2/repository/index", null)).Content.ReadFromJsonAsync<JsonArray>())!;

        Assert.Equal(rest.Select(e => ((string)e!["name"]!, (string)e["version"]!, (string)e["state"]!)), index.Select(m => (m.Name, m.Version, m.State)));
        Assert.Contains(index, m => m.Name == GrpcAppFixture.Broken && m.State == "UNAVAILABLE" && m.Reason.Length > 0);
        Assert.All(ready, m => Assert.Equal("READY", m.State));
        Assert.True(ready.Count < index.Count);
    }

    [Fact]
    public async Task ConfigAndStatisticsOfAnUnknownModel_AreNotFound()
    {
        var config = await Assert.ThrowsAsync<RpcException>(() => _client.ModelConfigAsync(new ModelConfigRequest { Name = "ghost" }).ResponseAsync);
        var statistics = await Assert.ThrowsAsync<RpcException>(() => _client.ModelStatisticsAsync(new ModelStatisticsRequest { Name = Uniform, Version = "9" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, config.StatusCode);
        Assert.Equal(StatusCode.NotFound, statistics.StatusCode);
    }

    [Fact]
    public async Task ReflectionAndHealth_AnswerWithoutTheProto()
    {
        var reflection = new global::Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(fixture.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new global::Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        var health = new global::Grpc.Health.V1.Health.HealthClient(fixture.Channel);

        Assert.Contains("inference.GRPCInferenceService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest())).Status);
        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest { Service = "inference.GRPCInferenceService" })).Status);
    }

    internal static ModelInferRequest Request(string model, float[] pixels, int count, bool raw, string id = "")
    {
        var request = new ModelInferRequest { ModelName = model, Id = id };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32", Shape = { count, pixels.Length / count } };
        if (raw)
        {
            request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(pixels.AsSpan())));
        }
        else
        {
            input.Contents = new InferTensorContents { Fp32Contents = { pixels } };
        }

        request.Inputs.Add(input);
        return request;
    }

    private static ModelInferRequest.Types.InferRequestedOutputTensor Classify(int top) =>
        new() { Name = "probabilities", Parameters = { ["classification"] = new InferParameter { Int64Param = top } } };

    // Triton's raw BYTES layout: each element a 4-byte little-endian length, then its bytes.
    internal static string[] ReadBytesTensor(ReadOnlySpan<byte> raw)
    {
        var elements = new List<string>();
        while (!raw.IsEmpty)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(raw);
            elements.Add(System.Text.Encoding.UTF8.GetString(raw.Slice(4, length)));
            raw = raw[(4 + length)..];
        }

        return [.. elements];
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    private async Task<(float[] Pixels, int Count)> SamplesAsync(string task, int count)
    {
        using var response = await fixture.Http.GetAsync($"/api/samples?task={task}&count={count}&offset=5");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var samples = await response.Content.ReadFromJsonAsync<SampleResponse[]>(ApiClient.Json);
        return ([.. samples!.SelectMany(s => s.Pixels!)], count);
    }

    private async Task<float[]> RestJsonAsync(string model, float[] pixels, int count)
    {
        var response = await fixture.Http.PostAsJsonAsync($"/v2/models/{model}/infer", new
        {
            inputs = new[] { new { name = "input", shape = new[] { count, pixels.Length / count }, datatype = "FP32", data = pixels } },
        });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return [.. body["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<float>())];
    }
}
