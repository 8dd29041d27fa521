namespace DataForge.Ingest;

/// <summary>The kind of input an ingest run reads. Text formats may also be gzipped (<c>.gz</c>).</summary>
public enum InputFormat
{
    /// <summary>Decide from the file extension (and, for folders, from what the folder holds).</summary>
    Auto,

    /// <summary>One URL per line, no header (img2dataset's default).</summary>
    Txt,

    /// <summary>Comma-separated with a header row, RFC 4180 quoting.</summary>
    Csv,

    /// <summary>Tab-separated with a header row.</summary>
    Tsv,

    /// <summary>pandas <c>to_json</c> default "columns" orient: <c>{"col": {"0": v, …}, …}</c>.</summary>
    Json,

    /// <summary>One JSON object per line.</summary>
    Jsonl,

    /// <summary>Parquet, read by row group.</summary>
    Parquet,

    /// <summary>SA-1B tars (<c>sa_*.tar</c> holding <c>sa_&lt;id&gt;.jpg</c> + <c>sa_&lt;id&gt;.json</c>).</summary>
    Sa1bTar,

    /// <summary>The SA-1B links file (<c>file_name&lt;TAB&gt;cdn_link</c>): tars are downloaded resumably, then ingested.</summary>
    Sa1bLinks,

    /// <summary>WebDataset tars (<c>key.jpg</c> / <c>key.txt</c> / <c>key.json</c>).</summary>
    WebDataset,

    /// <summary>A folder of images with optional <c>.txt</c> sidecar captions.</summary>
    ImageFolder,
}
