using System.IO.Compression;
using System.Text.Json;
using DataForge.Core.Imaging;
using DataForge.TestUtils;

namespace DataForge.Core.Tests.Imaging;

/// <summary>
/// PilResampler against PIL 9.4 itself: the golden outputs were written by
/// <c>tests/Core.Tests/Imaging/make_pil_resize_golden.py</c> (synthetic gradients, noise and clipping edges, and
/// crops of the LLaVA photos as PIL decoded them), and must match to the byte.
/// </summary>
public sealed class PilResamplerTests
{
    private static readonly string GoldenDirectory = RepoPaths.Combine("tests", "Core.Tests", "Imaging", "Golden");

    private static readonly Lazy<IReadOnlyList<GoldenCase>> Cases = new(LoadCases);

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases.Value)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Resize_MatchesPilImageResize_Exactly(string name)
    {
        // Given an input and PIL's output for one filter and size
        var c = Cases.Value.Single(x => x.Name == name);
        var input = File.ReadAllBytes(Path.Combine(GoldenDirectory, c.Input + ".rgb"));
        var expected = Expected(c);

        // When it is resized here
        var actual = PilResampler.Resize(input, c.Width, c.Height, 3, c.TargetWidth, c.TargetHeight, c.Filter);

        // Then every byte is PIL's
        Assert.Equal(expected.Length, actual.Length);
        var differing = 0;
        var maxDiff = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var d = Math.Abs(actual[i] - expected[i]);
            differing += d == 0 ? 0 : 1;
            maxDiff = Math.Max(maxDiff, d);
        }

        Assert.True(differing == 0, $"{name}: {differing} of {actual.Length} bytes differ from PIL, by up to {maxDiff}");
    }

    [Fact]
    public void GoldenSet_CoversBothPipelineFiltersOnPhotosAndClipping()
    {
        // Guards against a regenerated golden set that silently lost the cases that matter.
        var cases = Cases.Value;
        Assert.Contains(cases, c => c.Filter == PilResampleFilter.Bicubic && c.Input.StartsWith("photo_", StringComparison.Ordinal));
        Assert.Contains(cases, c => c.Filter == PilResampleFilter.Bilinear && c.Input.StartsWith("photo_", StringComparison.Ordinal));
        Assert.Contains(cases, c => c.Filter == PilResampleFilter.Bicubic && c.Input.StartsWith("edges_", StringComparison.Ordinal) && c.TargetWidth > c.Width);
        Assert.True(cases.Count >= 100, $"only {cases.Count} golden cases");
    }

    [Fact]
    public void Resize_BicubicUpscaleOfHardEdge_ClipsOvershootInsteadOfWrapping()
    {
        // A 0/255 step upscaled with bicubic (a = -0.5) overshoots to about -18 and 273 next to the edge:
        // clipped, the result holds both extremes and nothing wrapped around to the other end.
        byte[] step = [0, 0, 0, 0, 255, 255, 255, 255];
        var up = PilResampler.Resize(step, 8, 1, 1, 32, 1, PilResampleFilter.Bicubic);

        Assert.Equal(0, up[..14].Max()); // left of the edge: undershoot clipped to 0
        Assert.Equal(255, up[18..].Min()); // right of the edge: overshoot clipped to 255
        Assert.True(up.SequenceEqual(up.Order()), "a monotone step must stay monotone after clipping");
    }

    [Fact]
    public void Resize_SameSize_ReturnsACopy()
    {
        byte[] pixels = [1, 2, 3, 4, 5, 6];
        var copy = PilResampler.Resize(pixels, 2, 1, 3, 2, 1, PilResampleFilter.Bicubic);

        Assert.Equal(pixels, copy);
        Assert.NotSame(pixels, copy);
    }

    [Fact]
    public void Resize_WrongBufferLength_IsRefusedWithTheSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() => PilResampler.Resize(new byte[10], 2, 2, 3, 1, 1, PilResampleFilter.Bilinear));
        Assert.Contains("expected 12 bytes for 2x2x3, got 10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resize_UnknownFilter_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PilResampler.Resize(new byte[3], 1, 1, 3, 2, 2, (PilResampleFilter)9));
    }

    private static byte[] Expected(GoldenCase c)
    {
        using var gz = new GZipStream(File.OpenRead(Path.Combine(GoldenDirectory, c.Input + ".expected.gz")), CompressionMode.Decompress);
        using var all = new MemoryStream();
        gz.CopyTo(all);
        return all.GetBuffer().AsSpan(c.Offset, c.TargetWidth * c.TargetHeight * 3).ToArray();
    }

    private static IReadOnlyList<GoldenCase> LoadCases()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenDirectory, "cases.json")));
        return [.. json.RootElement.GetProperty("cases").EnumerateArray().Select(e => new GoldenCase(
            e.GetProperty("input").GetString()!,
            e.GetProperty("width").GetInt32(),
            e.GetProperty("height").GetInt32(),
            Enum.Parse<PilResampleFilter>(e.GetProperty("filter").GetString()!, ignoreCase: true),
            e.GetProperty("target_width").GetInt32(),
            e.GetProperty("target_height").GetInt32(),
            e.GetProperty("offset").GetInt32()))];
    }

    private sealed record GoldenCase(string Input, int Width, int Height, PilResampleFilter Filter, int TargetWidth, int TargetHeight, int Offset)
    {
        public string Name => $"{Input}.{Filter.ToString().ToLowerInvariant()}.{TargetWidth}x{TargetHeight}";
    }
}
