namespace DataForge.Ingest;

/// <summary>Hash algorithm of an input column to verify the downloaded bytes against.</summary>
public enum HashAlgorithmKind
{
    /// <summary>SHA-256 (hex).</summary>
    Sha256,

    /// <summary>MD5 (hex), as in LAION's md5 releases.</summary>
    Md5,

    /// <summary>SHA-512 (hex).</summary>
    Sha512,
}
