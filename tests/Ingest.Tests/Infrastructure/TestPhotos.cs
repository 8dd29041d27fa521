using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Infrastructure;

/// <summary>The real photos in <c>../shared/data/photos</c>, named once, plus small synthetic files built from bytes.</summary>
public static class TestPhotos
{
    public static string Photos => SharedData.Path("photos");

    public static string Small => SharedData.Path("photos", "small");

    public static string Exif => SharedData.Path("photos", "exif");

    public static string NearDup => SharedData.Path("photos", "near_dup");

    public static string Sam => SharedData.Path("photos", "sam");

    public static string Laion => SharedData.Path("laion");

    /// <summary>The <c>W_H.jpg</c> photos with their sizes parsed from the names.</summary>
    public static IEnumerable<(string Path, int Width, int Height)> SmallJpegs() =>
        Directory.EnumerateFiles(Small, "*.jpg").Order(StringComparer.Ordinal).Select(p =>
        {
            var parts = System.IO.Path.GetFileNameWithoutExtension(p).Split('_');
            return (p, int.Parse(parts[0]), int.Parse(parts[1]));
        });

    /// <summary>A valid PNG whose header claims <paramref name="width"/>×<paramref name="height"/> pixels (the data would not match).</summary>
    public static byte[] PngClaiming(int width, int height) => PngBytes.Claiming(width, height);
}
