namespace DataForge.Core.Imaging;

/// <summary>Why <see cref="UntrustedImageDecoder"/> refused or failed an image.</summary>
public enum ImageDecodeFailure
{
    /// <summary>The image decoded.</summary>
    None,

    /// <summary>The bytes are no image format the decoder knows.</summary>
    UnknownFormat,

    /// <summary>The encoded input is larger than <see cref="ImageDecodeLimits.MaxEncodedBytes"/>.</summary>
    EncodedTooLarge,

    /// <summary>The header declares more pixels than <see cref="ImageDecodeLimits.MaxDecodedPixels"/> (a decompression bomb).</summary>
    TooManyPixels,

    /// <summary>The data ends before the image does (a truncated download).</summary>
    IncompleteInput,

    /// <summary>The data is corrupt or the decoder could not produce pixels from it.</summary>
    DecodeError,
}
