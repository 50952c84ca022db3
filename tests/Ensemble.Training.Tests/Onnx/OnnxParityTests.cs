using Ensemble.Tasks.Data;
using Ensemble.Training.Networks;
using Ensemble.Training.Optimizers;
using Ensemble.Training.Tensors;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Training.Tests.Onnx;

/// <summary>ONNX Runtime is the judge: the exported graph must compute what the trainer computes.</summary>
public class OnnxParityTests
{
    private static readonly LabeledSamples TestImages = FashionMnist.LoadEvaluation(RepositoryPaths.EvaluationData).Test.Slice(0, 128).ToSamples();

    [Theory]
    [InlineData("residual", 1)]
    [InlineData("residual", 64)]
    [InlineData("separable", 1)]
    [InlineData("separable", 64)]
    [InlineData("vgg", 64)]
    [InlineData("mlp", 64)]
    [InlineData("largekernel", 64)]
    [InlineData("isotropic", 64)]
    public void ExportedModel_MatchesTrainerInference_OnTestImages(string architecture, int batchSize)
    {
        var network = TrainBriefly(architecture);
        var bytes = network.ToOnnx(new Dictionary<string, string> { ["architecture"] = architecture }).ToByteArray();
        using var session = new InferenceSession(bytes);
        var maxError = 0f;
        var batch = new Tensor(network.InputShape);

        for (var start = 0; start + batchSize <= TestImages.Count && start < 128; start += batchSize)
        {
            batch.Resize(batchSize);
            for (var i = 0; i < batchSize; i++)
            {
                TestImages.CopyInput(start + i, batch.Sample(i));
            }

            var expected = network.Predict(batch).Span.ToArray();
            using var input = OrtValue.CreateTensorValueFromMemory(batch.Span.ToArray(), [batchSize, 1, 28, 28]);
            using var outputs = session.Run(new RunOptions(), ["input"], [input], ["probabilities"]);
            var actual = outputs[0].GetTensorDataAsSpan<float>();

            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                maxError = Math.Max(maxError, Math.Abs(expected[i] - actual[i]));
            }
        }

        Assert.True(maxError <= 1e-4f, $"max |trainer − ONNX Runtime| = {maxError:G3}");
    }

    [Fact]
    public void ExportedModel_DeclaresSymbolicBatchOpsetAndMetadata()
    {
        var network = CommittedTasks.FashionNetwork("separable", seed: 1);
        var bytes = network.ToOnnx(new Dictionary<string, string> { ["architecture"] = "separable", ["test_accuracy"] = "0.9" }).ToByteArray();
        using var session = new InferenceSession(bytes);

        var input = session.InputMetadata["input"];
        Assert.Equal([-1, 1, 28, 28], input.Dimensions);
        Assert.Equal(typeof(float), input.ElementType);
        Assert.Equal([-1, 10], session.OutputMetadata["probabilities"].Dimensions);
        Assert.Equal("separable", session.ModelMetadata.CustomMetadataMap["architecture"]);
        var model = Ensemble.Training.Onnx.Proto.ModelProto.Parser.ParseFrom(bytes);
        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, model.OpsetImport.Single().Version);
        var allowed = new HashSet<string> { "Conv", "BatchNormalization", "Relu", "MaxPool", "GlobalAveragePool", "Add", "Flatten", "Gemm", "Softmax" };
        Assert.All(model.Graph.Node, node => Assert.Contains(node.OpType, allowed));
    }

    [Theory]
    [InlineData("residual")]
    [InlineData("separable")]
    [InlineData("vgg")]
    [InlineData("mlp")]
    [InlineData("largekernel")]
    [InlineData("isotropic")]
    public void ThreeChannelModel_MatchesTrainerInference_AndPassesTheOnnxChecker(string architecture)
    {
        // Random colour 16×16 images, five classes: the stem takes three channels, the head five outputs.
        var shape = new TensorShape(3, 16, 16);
        var network = Architectures.Create(architecture, seed: 2, width: 0.5f, shape, classes: 5);
        var random = new SplitMix64(7);
        var batch = new Tensor(shape, 8);
        for (var i = 0; i < batch.Span.Length; i++)
        {
            batch.Span[i] = random.NextSingle();
        }

        var bytes = network.ToOnnx(new Dictionary<string, string> { ["architecture"] = architecture }).ToByteArray();
        using var session = new InferenceSession(bytes);
        Assert.Equal([-1, 3, 16, 16], session.InputMetadata["input"].Dimensions);
        Assert.Equal([-1, 5], session.OutputMetadata["probabilities"].Dimensions);
        var expected = network.Predict(batch).Span.ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(batch.Span.ToArray(), [8, 3, 16, 16]);
        using var outputs = session.Run(new RunOptions(), ["input"], [input], ["probabilities"]);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-4f, $"{pair.First} vs {pair.Second}"));

        var path = Path.Combine(Path.GetTempPath(), $"ensemble-checker-{architecture}-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(path, bytes);
        try
        {
            Assert.Equal("", OnnxChecker.Check(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    // A few optimizer steps move the weights and batch-norm statistics away from their initial values.
    private static Network TrainBriefly(string architecture)
    {
        var network = CommittedTasks.FashionNetwork(architecture, seed: 5);
        var optimizer = new Adam(network.Parameters, 0f, decoupled: true);
        var loss = new SoftmaxCrossEntropy();
        var batch = new Tensor(network.InputShape, 32);
        for (var step = 0; step < 3; step++)
        {
            for (var i = 0; i < 32; i++)
            {
                TestImages.CopyInput(step * 32 + i, batch.Sample(i));
            }

            var logits = network.Forward(batch, training: true);
            loss.Compute(logits, TestImages.Labels.AsSpan(step * 32, 32), out var gradient);
            network.Backward(gradient);
            optimizer.Step(1e-2f);
        }

        return network;
    }
}
