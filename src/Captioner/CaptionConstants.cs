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

    /// <summary>Default number of preprocessed images held ready ahead of the model.</summary>
    public const int PrefetchImages = 64;

    /// <summary>Default prompt template: the PixArt-α paper's captioning prompt.</summary>
    public const string Prompt = CaptionPrompts.PixArtPaper;
}
