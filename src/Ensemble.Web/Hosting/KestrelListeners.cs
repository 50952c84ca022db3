using Ensemble.Web.OpenInference;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ensemble.Web.Hosting;

/// <summary>
/// Adds the gRPC port beside the HTTP ones. Cleartext gRPC needs an HTTP/2-only endpoint; declaring one in code would
/// make Kestrel ignore the configured URLs (urls, ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, the launch profile), so the
/// gRPC address joins them as one more URL and only its endpoint is switched to HTTP/2.
/// </summary>
public static class KestrelListeners
{
    private const string DefaultUrl = "http://localhost:5000";

    public static void AddGrpcListener(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(OpenInferenceOptions.Section).Get<OpenInferenceOptions>() ?? new OpenInferenceOptions();
        if (options.GrpcPort == 0)
        {
            return;
        }

        var host = options.GrpcHost is "*" or "+" || !options.GrpcHost.Contains(':', StringComparison.Ordinal) ? options.GrpcHost : $"[{options.GrpcHost}]";
        builder.WebHost.UseUrls([.. HttpUrls(builder.WebHost), $"http://{host}:{options.GrpcPort}"]);
        // Now stated by the URLs; left set, the host would warn that the URLs override them.
        builder.WebHost.UseSetting("http_ports", "");
        builder.WebHost.UseSetting("https_ports", "");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
        {
            if (listen.IPEndPoint?.Port == options.GrpcPort)
            {
                listen.Protocols = HttpProtocols.Http2;
            }
        }));
    }

    // What Kestrel would bind without the gRPC port: urls first, then the HTTP(S)_PORTS shorthands, then its default.
    private static IReadOnlyList<string> HttpUrls(IWebHostBuilder host)
    {
        var urls = host.GetSetting(WebHostDefaults.ServerUrlsKey);
        if (!string.IsNullOrWhiteSpace(urls))
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var ports = Ports(host.GetSetting("http_ports"), "http").Concat(Ports(host.GetSetting("https_ports"), "https")).ToList();
        return ports.Count > 0 ? ports : [DefaultUrl];
    }

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}");
}
