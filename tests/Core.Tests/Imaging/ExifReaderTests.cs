using DataForge.Core.Imaging;
using DataForge.TestUtils;

namespace DataForge.Core.Tests.Imaging;

public sealed class ExifReaderTests
{
    [SharedDataFact]
    public void Read_RealJpeg_GivesIfd0AndExifSubIfdTagsByName()
    {
        // Given small/321_421.jpg, whose tags PIL lists as: ResolutionUnit 2, Orientation 1, YCbCrPositioning 1,
        // X/YResolution 25.4, and in the EXIF IFD ColorSpace 65535, PixelX/YDimension 321/421 (plus binary blobs)
        var entries = ExifReader.Read(ExifBlockLocator.Find(SharedPhotos.Read("small", "321_421.jpg")));
        var byName = entries.ToDictionary(e => e.Name, e => e.Value);

        Assert.Equal("1", byName["Orientation"]);
        Assert.Equal("2", byName["ResolutionUnit"]);
        Assert.Equal("321", byName["PixelXDimension"]);
        Assert.Equal("421", byName["PixelYDimension"]);
        Assert.Equal("65535", byName["ColorSpace"]);
        var resolution = byName["XResolution"].Split('/').Select(double.Parse).ToArray();
        Assert.Equal(25.4, resolution[0] / resolution[1], 6);
        Assert.DoesNotContain("UserComment", byName.Keys); // undefined-type blobs are left out
        Assert.DoesNotContain("ExifVersion", byName.Keys);
        Assert.Equal(1, ExifReader.Orientation(entries));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_BothByteOrders_ReadInlineAndOffsetValues(bool little)
    {
        // Orientation 8 inline (SHORT), Make as ASCII at an offset past the IFD
        var make = "Acme\0"u8.ToArray();
        var orientation = little ? new byte[] { 8, 0, 0, 0 } : [0, 8, 0, 0];
        var tiff = TiffBytes.Build(little, [(0x0112, 3, 1, orientation), (0x010F, 2, (uint)make.Length, TiffBytes.Long(TiffBytes.TailOffset(2), little))], make);

        var entries = ExifReader.Read(tiff);

        Assert.Equal([("Orientation", "8"), ("Make", "Acme")], entries.Select(e => (e.Name, e.Value)));
        Assert.Equal(8, ExifReader.Orientation(entries));
    }

    [Fact]
    public void Read_HostileOffsetsAndCounts_AreSkippedWithoutThrowing()
    {
        var tiff = TiffBytes.Build(true, [
            (0x010F, 2, 100, TiffBytes.Long(0xFFFFFF00, true)), // value far past the end
            (0x0110, 5, 0x2000_0000, TiffBytes.Long(20, true)), // count·size overflows 32 bits
            (0x0131, 99, 1, [1, 0, 0, 0]), // unknown type
            (0x0112, 3, 1, [3, 0, 0, 0]),
        ]);

        var entries = ExifReader.Read(tiff);

        Assert.Equal([("Orientation", "3")], entries.Select(e => (e.Name, e.Value)));
    }

    [Fact]
    public void Read_SubIfdPointingBackAtIfd0_EndsAndReadsEachIfdOnce()
    {
        // The EXIF IFD pointer points at IFD0 itself: a loop a naive reader follows for ever.
        var tiff = TiffBytes.Build(true, [(0x0112, 3, 1, [2, 0, 0, 0]), (0x8769, 4, 1, TiffBytes.Long(8, true))]);

        var entries = ExifReader.Read(tiff);

        Assert.Single(entries);
    }

    [Fact]
    public void Read_EntryCountBeyondTheData_ReadsOnlyWhatIsThere()
    {
        var tiff = TiffBytes.Build(true, [(0x0112, 3, 1, [6, 0, 0, 0])], declaredCount: 65535);

        Assert.Equal(6, ExifReader.Orientation(ExifReader.Read(tiff)));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { (byte)'I', (byte)'I', 42, 0 })]
    [InlineData(new byte[] { (byte)'X', (byte)'X', 42, 0, 8, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'I', (byte)'I', 42, 0, 0xFF, 0xFF, 0xFF, 0x7F })]
    public void Read_NotTiffOrIfdOutside_IsEmpty(byte[] tiff)
    {
        Assert.Empty(ExifReader.Read(tiff));
    }

    [Fact]
    public void Find_JpegWithLyingSegmentLength_HasNoExif()
    {
        // SOI, then an APP1 whose length runs past the end of the data
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xF0, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0, (byte)'I', (byte)'I'];

        Assert.True(ExifBlockLocator.Find(jpeg).IsEmpty);
    }
}
