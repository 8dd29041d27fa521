using DataForge.Captioner.Generation;
using DataForge.Captioner.Models;
using DataForge.Core.Errors;
using DataForge.Core.Imaging;
using DataForge.Core.Options;

namespace DataForge.Captioner;

/// <summary>Options of the caption stage; each property maps 1:1 to a <c>dataforge caption</c> option.</summary>
public sealed class CaptionOptions
{
    /// <summary>Gets or sets the model folder in the three-session layout (<c>--model</c>).</summary>
    /// <value>The default value is empty (required).</value>
    public string ModelDirectory { get; set; } = "";

    /// <summary>Gets or sets the folder of image shards to caption (<c>--input</c>).</summary>
    /// <value>The default value is empty (required).</value>
    public string InputDirectory { get; set; } = "";

    /// <summary>Gets or sets the input shards' manifest, recorded as the output's lineage (<c>--input-manifest</c>).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? InputManifest { get; set; }

    /// <summary>Gets or sets the output dataset's name (<c>--dataset-name</c>).</summary>
    /// <value>The default value is <see langword="null"/>: the input manifest's name, or the output folder's, plus <c>-captioned</c>.</value>
    public string? DatasetName { get; set; }

    /// <summary>Gets or sets the model id written to <c>caption_model</c> (<c>--model-id</c>).</summary>
    /// <value>The default value is <see langword="null"/>: <c>_name_or_path</c> from config.json, else the folder name.</value>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the prompt template; <c>{caption}</c> is replaced by the row's caption (<c>--prompt</c>).</summary>
    /// <value>The default value is <see cref="CaptionConstants.Prompt"/>.</value>
    public string Prompt { get; set; } = CaptionConstants.Prompt;

    /// <summary>Gets or sets the rows per model batch (<c>--batch-size</c>); halved automatically when it does not fit.</summary>
    /// <value>The default value is <see cref="CaptionConstants.BatchSize"/>.</value>
    public int BatchSize { get; set; } = CaptionConstants.BatchSize;

    /// <summary>Gets or sets how many preprocessed images wait ahead of the model (<c>--prefetch</c>).</summary>
    /// <value>The default value is <see cref="CaptionConstants.PrefetchImages"/>.</value>
    public int PrefetchImages { get; set; } = CaptionConstants.PrefetchImages;

    /// <summary>Gets or sets how the model is loaded (<c>--dtype</c>, <c>--device</c>).</summary>
    /// <value>The default value is a new <see cref="ModelLoadOptions"/>.</value>
    public ModelLoadOptions Model { get; set; } = new();

    /// <summary>Gets or sets how captions are generated.</summary>
    /// <value>The default value is a new <see cref="GenerationOptions"/>.</value>
    public GenerationOptions Generation { get; set; } = new();

    /// <summary>Gets or sets the shared stage settings (output, partition, incremental mode, decode threads, seed).</summary>
    /// <value>The default value is a <see cref="StageRunOptions"/> writing to <see cref="CaptionConstants.OutputDirectory"/>.</value>
    public StageRunOptions Run { get; set; } = new() { OutputDirectory = CaptionConstants.OutputDirectory };

    /// <summary>
    /// Gets or sets the most pixels one image may declare (width × height × frames) before it is refused unread,
    /// as a decompression bomb, and its row recorded as failed.
    /// </summary>
    /// <value>The default value is <see cref="ImageDecodeLimits.DefaultMaxDecodedPixels"/>.</value>
    public long MaxDecodedPixels { get; set; } = ImageDecodeLimits.DefaultMaxDecodedPixels;

    /// <summary>Validates the options once, before the stage starts.</summary>
    /// <exception cref="OptionsValidationException">A value is missing or out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelDirectory))
        {
            throw new OptionsValidationException("--model", "a model folder is required");
        }

        if (!Directory.Exists(ModelDirectory))
        {
            throw new OptionsValidationException("--model", $"'{ModelDirectory}' does not exist (fetch one with 'dataforge models pull')");
        }

        if (string.IsNullOrWhiteSpace(InputDirectory) || !Directory.Exists(InputDirectory))
        {
            throw new OptionsValidationException("--input", $"'{InputDirectory}' is not an existing folder of image shards");
        }

        if (InputManifest is not null && !File.Exists(InputManifest))
        {
            throw new OptionsValidationException("--input-manifest", $"'{InputManifest}' does not exist");
        }

        if (BatchSize < 1)
        {
            throw new OptionsValidationException("--batch-size", $"must be at least 1, got {BatchSize}");
        }

        if (MaxDecodedPixels < 1)
        {
            throw new OptionsValidationException("--max-decoded-pixels", $"must be positive, got {MaxDecodedPixels}");
        }

        if (PrefetchImages < 1)
        {
            throw new OptionsValidationException("--prefetch", $"must be at least 1, got {PrefetchImages}");
        }

        if (string.IsNullOrWhiteSpace(Prompt))
        {
            throw new OptionsValidationException("--prompt", "must not be empty");
        }

        if (Path.GetFullPath(Run.OutputDirectory) == Path.GetFullPath(InputDirectory))
        {
            throw new OptionsValidationException("--output", "must differ from --input: captioned shards are written beside, not over, the originals");
        }

        try
        {
            _ = ModelFiles.ParseDtypes(Model.Dtype);
        }
        catch (ModelFormatException ex)
        {
            throw new OptionsValidationException("--dtype", ex.Message);
        }

        Generation.Validate();
        Run.Validate();
    }
}
