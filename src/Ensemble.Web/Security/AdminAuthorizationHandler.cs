using Microsoft.AspNetCore.Authorization;

namespace Ensemble.Web.Security;

/// <summary>Meets <see cref="AdminRequirement"/> for an admin, or for anyone when no admin key is configured.</summary>
public sealed class AdminAuthorizationHandler(AdminKey key) : AuthorizationHandler<AdminRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
    {
        if (!key.IsRequired || context.User.IsInRole(AdminKey.Role))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
