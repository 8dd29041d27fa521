namespace DataForge.NounStats.Text;

/// <summary>The Unicode normalization applied to captions before tokenizing; offsets refer to the normalized text.</summary>
public enum TextNormalization
{
    /// <summary>No normalization; offsets refer to the original text.</summary>
    None,

    /// <summary>Canonical composition (NFC): visually identical strings compare equal.</summary>
    Nfc,

    /// <summary>Compatibility composition (NFKC): also folds ligatures, full-width and other presentation forms.</summary>
    Nfkc,
}
