using DataForge.Core.Errors;
using DataForge.Core.Imaging;
using DataForge.Core.Options;

namespace DataForge.Trainer.Features;

/// <summary>Options of feature extraction (VAE posteriors and T5 features into feature shards).</summary>
public sealed class FeatureExtractionOptions
{
    /// <summary>Gets or sets the image (or captioned) shard folder to read.</summary>
    /// <value>The default value is empty (required).</value>
    public string InputDirectory { get; set; } = "";

    /// <summary>Gets or sets the exported model folder (vae_encoder, text_encoder, tokenizer).</summary>
    /// <value>The default value is empty (required).</value>
    public string ModelDirectory { get; set; } = "";

    /// <summary>Gets or sets the manifest of the input shards, recorded as the feature manifest's <c>derived_from</c>.</summary>
    /// <value>
    /// The default value is <see langword="null"/>: the one manifest in <see cref="StageRunOptions.ManifestDirectory"/> whose
    /// shard folder is <see cref="InputDirectory"/>, if there is exactly one.
    /// </value>
    public string? InputManifest { get; set; }

    /// <summary>Gets or sets the feature dataset's name (the manifest's file stem).</summary>
    /// <value>The default value is <see langword="null"/>: the input dataset's name (or folder name) + <c>-features</c>.</value>
    public string? DatasetName { get; set; }

    /// <summary>Gets or sets the caption column to encode; the dense caption when present, else the original.</summary>
    /// <value>The default value is <see langword="null"/>: <c>dense_caption</c> if the shards have it, else <c>caption</c>.</value>
    public string? CaptionColumn { get; set; }

    /// <summary>Gets or sets the square training resolution in pixels (images are resized on the short side and centre-cropped, as torchvision's Resize and CenterCrop do).</summary>
    /// <value>The default value is 256.</value>
    public int Resolution { get; set; } = 256;

    /// <summary>
    /// Gets or sets whether images go to the nearest of the 40 aspect-ratio buckets of <see cref="Resolution"/> (stretched
    /// to the bucket size, as the official multi-scale extraction does) instead of a square centre crop.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool MultiScale { get; set; }

    /// <summary>Gets or sets the T5 sequence length.</summary>
    /// <value>The default value is 120.</value>
    public int Tokens { get; set; } = 120;

    /// <summary>Gets or sets images per encoder call.</summary>
    /// <value>The default value is 8.</value>
    public int BatchSize { get; set; } = 8;

    /// <summary>
    /// Gets or sets the most pixels one image may declare (width × height × frames) before it is refused unread,
    /// as a decompression bomb, and its row recorded as failed.
    /// </summary>
    /// <value>The default value is <see cref="ImageDecodeLimits.DefaultMaxDecodedPixels"/>.</value>
    public long MaxDecodedPixels { get; set; } = ImageDecodeLimits.DefaultMaxDecodedPixels;

    /// <summary>
    /// Gets or sets the shared stage options (output folder, partition, resume mode, manifest folder). Extraction is
    /// deterministic (the posterior's mean and std are stored, not a sample) and runs one encoder call at a time, so
    /// <see cref="StageRunOptions.Seed"/> and <see cref="StageRunOptions.Parallelism"/> do not apply.
    /// </summary>
    public StageRunOptions Run { get; set; } = new() { OutputDirectory = "features" };

    /// <summary>Validates the options once.</summary>
    /// <exception cref="OptionsValidationException">A value is invalid.</exception>
    public void Validate()
    {
        Run.Validate();
        if (string.IsNullOrWhiteSpace(InputDirectory) || !Directory.Exists(InputDirectory))
        {
            throw new OptionsValidationException("--input", $"'{InputDirectory}' is not a folder");
        }

        if (InputManifest is not null && !File.Exists(InputManifest))
        {
            throw new OptionsValidationException("--input-manifest", $"'{InputManifest}' does not exist");
        }

        if (Path.GetFullPath(InputDirectory) == Path.GetFullPath(Run.OutputDirectory))
        {
            throw new OptionsValidationException("--output", "feature shards go to their own folder, not the image shard folder");
        }

        if (Resolution < 8 || Resolution % 8 != 0)
        {
            throw new OptionsValidationException("--resolution", $"must be a positive multiple of 8, got {Resolution}");
        }

        if (MultiScale && Resolution is not (256 or 512 or 1024))
        {
            throw new OptionsValidationException("--multi-scale", $"aspect-ratio buckets exist for 256, 512 and 1024, not {Resolution}");
        }

        if (MaxDecodedPixels < 1)
        {
            throw new OptionsValidationException("--max-decoded-pixels", $"must be positive, got {MaxDecodedPixels}");
        }

        if (BatchSize < 1 || Tokens < 1)
        {
            throw new OptionsValidationException("--batch-size/--tokens", "must be at least 1");
        }
    }
}
