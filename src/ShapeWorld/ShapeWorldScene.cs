using DataForge.Core.Imaging;

namespace DataForge.ShapeWorld;

/// <summary>One generated scene: its graph, pixels and both captions.</summary>
public sealed class ShapeWorldScene
{
    /// <summary>Image width and height in pixels.</summary>
    public const int ImageSize = 64;

    /// <summary>Creates a scene.</summary>
    /// <param name="index">The scene's index within its generator.</param>
    /// <param name="graph">The ground truth.</param>
    /// <param name="rgb">Row-major RGB24 pixels, <see cref="ImageSize"/>² of them.</param>
    /// <param name="altText">The LAION-like alt-text.</param>
    /// <param name="denseCaption">The dense gold caption.</param>
    public ShapeWorldScene(long index, SceneGraph graph, byte[] rgb, string altText, string denseCaption)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.Length != ImageSize * ImageSize * 3)
        {
            throw new ArgumentException($"expected {ImageSize * ImageSize * 3} bytes of RGB24, got {rgb.Length}", nameof(rgb));
        }

        (Index, Graph, Rgb, AltText, DenseCaption) = (index, graph, rgb, altText, denseCaption);
    }

    /// <summary>Gets the scene's index within its generator.</summary>
    public long Index { get; }

    /// <summary>Gets the ground-truth scene graph.</summary>
    public SceneGraph Graph { get; }

    /// <summary>Gets the pixels: row-major RGB24, <see cref="ImageSize"/>×<see cref="ImageSize"/>.</summary>
    public byte[] Rgb { get; }

    /// <summary>Gets the LAION-like alt-text: short, partial, sometimes wrong.</summary>
    public string AltText { get; }

    /// <summary>Gets the dense gold caption: every object, its colour, size and position, counts and some relations.</summary>
    public string DenseCaption { get; }

    /// <summary>Encodes the pixels as PNG.</summary>
    /// <returns>The PNG bytes.</returns>
    public byte[] EncodePng() => Rgb24Encoder.EncodePng(Rgb, ImageSize, ImageSize);
}
