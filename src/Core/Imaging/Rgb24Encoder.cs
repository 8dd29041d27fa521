using System.Runtime.InteropServices;
using SkiaSharp;

namespace DataForge.Core.Imaging;

/// <summary>
/// Encodes packed RGB24 pixels (3 bytes a pixel, rows without padding) as PNG or JPEG with SkiaSharp, for images
/// the pipeline makes itself: sampled grids, demo scenes, test fixtures. Thread-safe.
/// </summary>
public static class Rgb24Encoder
{
    /// <summary>Encodes the pixels as an 8-bit RGB PNG.</summary>
    /// <param name="rgb">Row-major RGB24 pixels.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The PNG bytes.</returns>
    /// <exception cref="ArgumentException">The buffer does not hold width·height·3 bytes.</exception>
    /// <exception cref="InvalidOperationException">Skia could not encode the image.</exception>
    public static byte[] EncodePng(ReadOnlySpan<byte> rgb, int width, int height) =>
        Encode(rgb, width, height, pixmap => pixmap.Encode(SKPngEncoderOptions.Default), "PNG");

    /// <summary>Encodes the pixels as a baseline JPEG with 4:2:0 chroma subsampling.</summary>
    /// <param name="rgb">Row-major RGB24 pixels.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="quality">JPEG quality, 1 to 100.</param>
    /// <returns>The JPEG bytes.</returns>
    /// <exception cref="ArgumentException">The buffer does not hold width·height·3 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quality"/> is outside 1–100.</exception>
    /// <exception cref="InvalidOperationException">Skia could not encode the image.</exception>
    public static byte[] EncodeJpeg(ReadOnlySpan<byte> rgb, int width, int height, int quality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        var options = new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore);
        return Encode(rgb, width, height, pixmap => pixmap.Encode(options), "JPEG");
    }

    private static byte[] Encode(ReadOnlySpan<byte> rgb, int width, int height, Func<SKPixmap, SKData?> encode, string format)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if ((long)width * height * 3 != rgb.Length)
        {
            throw new ArgumentException($"expected {(long)width * height * 3} bytes for {width}x{height} RGB24, got {rgb.Length}", nameof(rgb));
        }

        // Skia has no 3-byte colour type: widen to opaque RGBA, which its encoders write as plain RGB.
        var rgba = new byte[width * height * 4];
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgba[j] = rgb[i];
            rgba[j + 1] = rgb[i + 1];
            rgba[j + 2] = rgb[i + 2];
            rgba[j + 3] = 255;
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pin = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, pin.AddrOfPinnedObject(), width * 4);
            using var data = encode(pixmap) ?? throw new InvalidOperationException($"Skia could not encode a {width}x{height} {format}");
            return data.ToArray();
        }
        finally
        {
            pin.Free();
        }
    }
}
