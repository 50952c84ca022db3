using Ensemble.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Ensemble.Web.OpenApi;

/// <summary>Marks the operations that need the admin key, so Swagger UI sends it once "Authorize" holds it.</summary>
internal sealed class AdminKeyOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var needsKey = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(a => a.Policy == AdminAccess.Policy);
        if (!needsKey)
        {
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document)] = [] });
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No admin key was sent (problem details)." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The admin key is wrong (problem details)." });
    }
}
