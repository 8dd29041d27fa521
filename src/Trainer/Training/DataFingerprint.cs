using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DataForge.Trainer.Training;

/// <summary>A short hash of what determines a run's batch order.</summary>
internal static class DataFingerprint
{
    /// <summary>Hashes the parts, in order, into a 16-hex-digit fingerprint prefixed by the first part.</summary>
    public static string Of(string kind, params object[] parts)
    {
        var text = string.Join("|", parts.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)));
        return kind + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
