namespace DataForge.Core.Imaging;

/// <summary>
/// The resampling filters of PIL's <c>Image.resize</c>, numbered as PIL numbers them, which is also the
/// <c>resample</c> integer Hugging Face image processors store in <c>preprocessor_config.json</c>.
/// </summary>
public enum PilResampleFilter
{
    /// <summary>Nearest neighbour (PIL <c>NEAREST</c>, 0).</summary>
    Nearest = 0,

    /// <summary>Lanczos, a = 3 (PIL <c>LANCZOS</c>, 1).</summary>
    Lanczos = 1,

    /// <summary>Triangle filter (PIL <c>BILINEAR</c>, 2); torchvision's default for PIL images.</summary>
    Bilinear = 2,

    /// <summary>Keys cubic, a = −0.5 (PIL <c>BICUBIC</c>, 3); CLIP's and SigLIP's preprocessing.</summary>
    Bicubic = 3,

    /// <summary>Box filter (PIL <c>BOX</c>, 4).</summary>
    Box = 4,

    /// <summary>Hamming-windowed sinc (PIL <c>HAMMING</c>, 5).</summary>
    Hamming = 5,
}
