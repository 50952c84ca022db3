using System.Security.Cryptography;
using System.Text;

namespace Ensemble.Web.Security;

/// <summary>The configured admin key, compared in constant time; only its hash is kept.</summary>
public sealed class AdminKey
{
    public const string Header = "X-Api-Key";
    public const string Role = "admin";

    private readonly byte[]? _hash;

    public AdminKey(string? key)
    {
        _hash = string.IsNullOrEmpty(key) ? null : Hash(key);
    }

    /// <summary>Whether a key is configured, so that changing state needs it.</summary>
    public bool IsRequired => _hash is not null;

    public bool Matches(string? candidate) =>
        _hash is not null && candidate is not null && CryptographicOperations.FixedTimeEquals(_hash, Hash(candidate));

    // Hashing first makes the comparison's length independent of the candidate's.
    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
