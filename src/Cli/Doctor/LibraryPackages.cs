using System.Text.RegularExpressions;

namespace DataForge.Cli.Doctor;

/// <summary>
/// Names the package that provides a shared library a check reports missing, so "libcublasLt.so.13: cannot open
/// shared object file" comes with what to install (NVIDIA's CUDA 13 repository names on Debian/Ubuntu).
/// </summary>
public static partial class LibraryPackages
{
    private static readonly (string Prefix, string Package)[] Known =
    [
        ("libcublasLt.so", "libcublas-13-0"),
        ("libcublas.so", "libcublas-13-0"),
        ("libcudart.so", "cuda-cudart-13-0"),
        ("libcudnn", "libcudnn9-cuda-13"),
        ("libcufft.so", "libcufft-13-0"),
        ("libcurand.so", "libcurand-13-0"),
        ("libnvrtc.so", "cuda-nvrtc-13-0"),
        ("libnvinfer.so", "libnvinfer10 (TensorRT)"),
        ("libcuda.so", "the NVIDIA driver (libcuda1 / nvidia-driver)"),
        ("libgomp.so", "libgomp1"),
        ("libstdc++.so", "libstdc++6"),
    ];

    /// <summary>Gets the package providing the first missing library a message names.</summary>
    /// <param name="detail">A check's detail text.</param>
    /// <returns>The library and its package, or <see langword="null"/> when no known library is named missing.</returns>
    public static (string Library, string Package)? For(string detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var match = MissingLibrary().Match(detail);
        if (!match.Success)
        {
            return null;
        }

        var library = match.Groups[1].Value;
        foreach (var (prefix, package) in Known)
        {
            if (library.StartsWith(prefix, StringComparison.Ordinal))
            {
                return (library, package);
            }
        }

        return null;
    }

    [GeneratedRegex(@"(lib[\w+.-]+\.so[\d.]*): cannot open shared object file")]
    private static partial Regex MissingLibrary();
}
