namespace DataForge.Captioner;

/// <summary>Defaults and fixed names of the caption stage.</summary>
public static class CaptionConstants
{
    /// <summary>Stage name in stats, manifests and progress.</summary>
    public const string StageName = "caption";

    /// <summary>Default output folder.</summary>
    public const string OutputDirectory = "captioned";

    /// <summary>Default rows per model batch.</summary>
    public const int BatchSize = 8;

    /// <summary>
    /// How many batches of prepared rows one continuous-batching call takes: the batch size is its number of slots,
    /// and rows that finish are replaced from the rest of the window.
    /// </summary>
    public const int ContinuousWindowBatches = 4;

    /// <summary>Default number of preprocessed images held ready ahead of the model.</summary>
    public const int PrefetchImages = 64;

    /// <summary>Default prompt template: the PixArt-α paper's captioning prompt.</summary>
    public const string Prompt = CaptionPrompts.PixArtPaper;
}
