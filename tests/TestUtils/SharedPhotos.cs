namespace DataForge.TestUtils;

/// <summary>The real photos in <c>../shared/data/photos</c>, named once for every test project.</summary>
public static class SharedPhotos
{
    /// <summary>Gets <c>photos/small</c>: JPEGs named <c>W_H.jpg</c> and one PNG.</summary>
    public static string Small => SharedData.Path("photos", "small");

    /// <summary>Gets <c>photos/exif</c>: <c>Landscape_N.jpg</c> and <c>Portrait_N.jpg</c> with EXIF orientation N (0 = no tag).</summary>
    public static string Exif => SharedData.Path("photos", "exif");

    /// <summary>Gets <c>photos/sam</c>: four SA-1B photos up to 1800 px.</summary>
    public static string Sam => SharedData.Path("photos", "sam");

    /// <summary>Gets the bytes of a file under <c>photos</c>.</summary>
    /// <param name="parts">Path segments below <c>photos</c>.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] Read(params string[] parts) => File.ReadAllBytes(SharedData.Path(["photos", .. parts]));
}
