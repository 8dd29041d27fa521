namespace DataForge.ShapeWorld.Export;

/// <summary>What <see cref="ShapeWorldExporter"/> wrote.</summary>
/// <param name="OutputDirectory">The folder.</param>
/// <param name="Scenes">Scenes written.</param>
/// <param name="UrlList">The URL list (Parquet: <c>url</c>, <c>alt_text</c>, <c>path</c>).</param>
/// <param name="Sidecar">The JSONL sidecar with scene graphs and gold captions.</param>
public sealed record ShapeWorldExportResult(string OutputDirectory, int Scenes, string UrlList, string Sidecar);
