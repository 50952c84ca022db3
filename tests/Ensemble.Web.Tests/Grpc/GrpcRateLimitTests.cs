using Ensemble.Web.Grpc.Protocol;
using Grpc.Core;

namespace Ensemble.Web.Tests.Grpc;

public sealed class GrpcRateLimitTests(RateLimitedGrpcAppFixture fixture) : IClassFixture<RateLimitedGrpcAppFixture>
{
    [Fact]
    public async Task InferenceOverTheLimit_IsResourceExhausted_WhileMetadataStaysOpen()
    {
        var request = GrpcInferenceTests.Request(EnsembleAppFactory.Uniform, new float[784], 1, raw: true);
        var outcomes = new List<StatusCode>();
        for (var i = 0; i < 3; i++)
        {
            try
            {
                await fixture.Client.ModelInferAsync(request);
                outcomes.Add(StatusCode.OK);
            }
            catch (RpcException refusal)
            {
                outcomes.Add(refusal.StatusCode);
                Assert.Contains("predictions per second", refusal.Status.Detail, StringComparison.Ordinal);
            }
        }

        // The bucket holds one token and refills one a second: at most one more call can slip through in between.
        Assert.Equal(StatusCode.OK, outcomes[0]);
        Assert.Contains(StatusCode.ResourceExhausted, outcomes);
        Assert.DoesNotContain(outcomes, o => o is not (StatusCode.OK or StatusCode.ResourceExhausted));
        Assert.True((await fixture.Client.ServerLiveAsync(new ServerLiveRequest())).Live);
    }
}
