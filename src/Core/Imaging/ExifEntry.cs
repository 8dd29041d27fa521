namespace DataForge.Core.Imaging;

/// <summary>One EXIF tag with its value rendered as text.</summary>
/// <param name="Tag">The numeric tag.</param>
/// <param name="Name">The tag's EXIF name (<c>Orientation</c>, <c>DateTimeOriginal</c>, …), or <c>Tag0xNNNN</c> when unknown.</param>
/// <param name="Value">The value: text trimmed of trailing NULs, numbers in invariant culture, rationals as <c>n/d</c>
/// (<c>n</c> when <c>d</c> is 1), several values joined with <c>", "</c>.</param>
public sealed record ExifEntry(ushort Tag, string Name, string Value);
