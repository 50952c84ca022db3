using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ensemble.Web.Tests.Endpoints;

/// <summary>Typed calls and the JSON conventions of the API, for the tests.</summary>
public static class ApiClient
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<T> GetJson<T>(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Json);
}
