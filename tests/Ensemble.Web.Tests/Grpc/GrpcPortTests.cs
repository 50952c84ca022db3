using System.Net;
using Ensemble.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Grpc;

/// <summary>How the app binds its gRPC port beside its configured HTTP URLs, on a real Kestrel.</summary>
public sealed class GrpcPortTests
{
    [Fact]
    public async Task TheGrpcPort_JoinsTheConfiguredUrls_AsHttp2Only()
    {
        var grpc = LoopbackPort.Free();
        var http = LoopbackPort.Free();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{http}");
        builder.Configuration["OpenInference:GrpcPort"] = grpc.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["OpenInference:GrpcHost"] = "127.0.0.1";
        builder.AddGrpcListener();
        await using var app = builder.Build();
        app.MapGet("/", (HttpContext context) => context.Request.Protocol);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        using var client = new HttpClient();
        var overHttp1 = await client.GetStringAsync($"http://127.0.0.1:{http}/");
        using var http2 = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{grpc}/") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var overHttp2 = await (await client.SendAsync(http2)).Content.ReadAsStringAsync();
        var http1OnGrpcPort = await client.GetAsync($"http://127.0.0.1:{grpc}/");

        Assert.Equal(new[] { $"http://127.0.0.1:{http}", $"http://127.0.0.1:{grpc}" }.Order(), addresses.Order());
        Assert.Equal("HTTP/1.1", overHttp1);
        Assert.Equal("HTTP/2", overHttp2);
        Assert.NotEqual(HttpStatusCode.OK, http1OnGrpcPort.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task PortZero_TurnsGrpcOff()
    {
        var http = LoopbackPort.Free();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{http}");
        builder.Configuration["OpenInference:GrpcPort"] = "0";
        builder.AddGrpcListener();
        await using var app = builder.Build();
        await app.StartAsync();

        Assert.Equal([$"http://127.0.0.1:{http}"], app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses);
        await app.StopAsync();
    }
}
