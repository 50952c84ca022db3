using Microsoft.AspNetCore.Authorization;

namespace Ensemble.Web.Security;

/// <summary>The caller may change state: an admin, or anyone when no admin key is configured.</summary>
public sealed class AdminRequirement : IAuthorizationRequirement;
