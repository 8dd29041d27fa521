namespace DataForge.Cli.Demo;

/// <summary>One captioned demo image: its stored bytes and both captions.</summary>
/// <param name="Key">The row's sample key.</param>
/// <param name="Image">The image as ingest stored it (JPEG).</param>
/// <param name="AltText">The alt-text the image came with.</param>
/// <param name="DenseCaption">The captioner's dense caption.</param>
public sealed record DemoExample(string Key, byte[] Image, string AltText, string DenseCaption);
