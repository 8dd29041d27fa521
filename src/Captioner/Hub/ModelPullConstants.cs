namespace DataForge.Captioner.Hub;

/// <summary>Defaults of <see cref="ModelPullOptions"/>.</summary>
public static class ModelPullConstants
{
    /// <summary>Default hub endpoint (overridden by <c>HF_ENDPOINT</c>).</summary>
    public const string Endpoint = "https://huggingface.co";

    /// <summary>Default revision.</summary>
    public const string Revision = "main";

    /// <summary>Default folder models are pulled into, one sub-folder per repository.</summary>
    public const string ModelsDirectory = "models";

    /// <summary>Default retries per file after a transient failure.</summary>
    public const int MaxRetries = 5;

    /// <summary>Default first retry delay; later ones back off exponentially.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Suffix of a partly downloaded file, resumed with a Range request.</summary>
    public const string IncompleteSuffix = ".incomplete";
}
