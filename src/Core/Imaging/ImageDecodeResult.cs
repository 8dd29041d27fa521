namespace DataForge.Core.Imaging;

/// <summary>
/// The outcome of <see cref="UntrustedImageDecoder"/>: an image (or, for <see cref="UntrustedImageDecoder.ReadHeader"/>,
/// just its header), or a failure with a message fit to store verbatim as a row's <c>error_message</c>.
/// Disposing it disposes the image.
/// </summary>
public sealed class ImageDecodeResult : IDisposable
{
    private ImageDecodeResult(ImageDecodeFailure failure, string? error, ImageHeader? header, DecodedImage? image)
    {
        Failure = failure;
        Error = error;
        Header = header;
        Image = image;
    }

    /// <summary>Gets why the image failed, or <see cref="ImageDecodeFailure.None"/>.</summary>
    public ImageDecodeFailure Failure { get; }

    /// <summary>Gets whether the image (or header) was read.</summary>
    public bool Succeeded => Failure == ImageDecodeFailure.None;

    /// <summary>Gets the failure message (<see langword="null"/> on success), e.g. <c>incomplete image data</c>.</summary>
    public string? Error { get; }

    /// <summary>Gets the header when it could be read (also for a refused bomb, so its size can be reported).</summary>
    public ImageHeader? Header { get; }

    /// <summary>Gets the decoded image; <see langword="null"/> on failure and for header-only reads.</summary>
    public DecodedImage? Image { get; private set; }

    /// <summary>Takes the image out of the result, so it outlives the result; the caller then owns and disposes it.</summary>
    /// <returns>The image, or <see langword="null"/> when there is none.</returns>
    public DecodedImage? DetachImage()
    {
        var image = Image;
        Image = null;
        return image;
    }

    /// <inheritdoc />
    public void Dispose() => Image?.Dispose();

    internal static ImageDecodeResult Ok(ImageHeader header, DecodedImage? image) => new(ImageDecodeFailure.None, null, header, image);

    internal static ImageDecodeResult Fail(ImageDecodeFailure failure, string error, ImageHeader? header = null) => new(failure, error, header, null);
}
