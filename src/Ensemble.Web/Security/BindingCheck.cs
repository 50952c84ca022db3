using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Ensemble.Web.Security;

/// <summary>
/// Warns at start-up when the app listens beyond this machine without an admin key, because then anyone who
/// reaches the port can change what everyone is served.
/// </summary>
public static class BindingCheck
{
    public static void WarnIfExposed(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var wide = WideAddresses(addresses);
            if (wide.Count > 0 && !app.Services.GetRequiredService<AdminKey>().IsRequired)
            {
                app.Logger.LogWarning(
                    "Listening on {Addresses} without an admin key: anyone who reaches the port can change ensembles and start jobs. Set Security:AdminApiKey, or listen on localhost only",
                    string.Join(", ", wide));
            }
        });
    }

    /// <summary>The addresses that other machines can reach: anything but loopback.</summary>
    public static IReadOnlyList<string> WideAddresses(IEnumerable<string> addresses) =>
        [.. addresses.Where(a => !IsLoopback(a))];

    private static bool IsLoopback(string address)
    {
        var host = BindingAddressHost(address);
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    // "http://[::1]:5170" → "::1"; "http://+:8080" → "+"; Uri cannot parse the wildcard forms.
    private static string BindingAddressHost(string address)
    {
        var rest = address[(address.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? scheme + 3 : 0)..];
        if (rest.StartsWith('['))
        {
            return rest[1..rest.IndexOf(']', StringComparison.Ordinal)];
        }

        var end = rest.IndexOfAny([':', '/']);
        return end < 0 ? rest : rest[..end];
    }
}
