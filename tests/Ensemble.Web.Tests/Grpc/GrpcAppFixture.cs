using Ensemble.Web.Grpc.Protocol;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Grpc;

/// <summary>
/// The app served by Kestrel with its gRPC port on a free loopback port, and a real gRPC client on it. The digits
/// task gets two committed members (so it has an ensemble of its own) and the Fashion-MNIST task a model that cannot
/// load, for the UNAVAILABLE answer. That the app binds its gRPC port itself is <see cref="GrpcPortTests"/>' part.
/// </summary>
public class GrpcAppFixture : IDisposable
{
    public const string Broken = "broken";

    public GrpcAppFixture()
        : this(new Dictionary<string, string>())
    {
    }

    protected GrpcAppFixture(IReadOnlyDictionary<string, string> settings)
    {
        var port = LoopbackPort.Free();
        App = new EnsembleAppFactory { Settings = settings };
        foreach (var member in new[] { "digits-mlp", "digits-separable" })
        {
            foreach (var extension in new[] { ".onnx", ".json" })
            {
                File.Copy(Path.Combine(CommittedTasks.DigitsDirectory, member + extension), Path.Combine(App.DigitsDirectory, member + extension));
            }
        }

        File.WriteAllText(Path.Combine(App.ModelsDirectory, Broken + ".onnx"), "not a model");
        // Declared listeners replace the app's URLs (and so its gRPC URL) under WebApplicationFactory: state both here.
        App.UseKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, 0);
            kestrel.Listen(System.Net.IPAddress.Loopback, port, listen => listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2);
        });
        App.StartServer();
        var addresses = App.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        Http = new HttpClient { BaseAddress = new Uri(addresses.First(a => !a.EndsWith($":{port}", StringComparison.Ordinal))) };
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        Client = new GRPCInferenceService.GRPCInferenceServiceClient(Channel);
    }

    public EnsembleAppFactory App { get; }

    public HttpClient Http { get; }

    public GrpcChannel Channel { get; }

    public GRPCInferenceService.GRPCInferenceServiceClient Client { get; }

    public void Dispose()
    {
        Channel.Dispose();
        Http.Dispose();
        App.Dispose();
        GC.SuppressFinalize(this);
    }
}
