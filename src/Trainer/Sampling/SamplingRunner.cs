using System.Globalization;
using DataForge.Core.Errors;
using DataForge.Core.Imaging;
using DataForge.Core.Progress;
using DataForge.Trainer.Checkpoints;
using DataForge.Trainer.Diffusion;
using DataForge.Trainer.Features;
using DataForge.Trainer.Model;
using DataForge.Trainer.Runtime;
using DataForge.Trainer.Training;
using static TorchSharp.torch;

namespace DataForge.Trainer.Sampling;

/// <summary>
/// Text to image with a trained checkpoint: T5 features of the prompts, classifier-free guidance against the
/// model's null caption, DPM-Solver++ or IDDPM sampling at the model's configured size, the VAE decoder, and PNG
/// files (one per prompt, plus a captioned grid) with <c>index.json</c> (<see cref="SampleIndex"/>) saying what made each.
/// </summary>
public static class SamplingRunner
{
    /// <summary>Samples one image per prompt.</summary>
    /// <param name="options">Options (validated here).</param>
    /// <param name="progress">Progress sink (sampler steps).</param>
    /// <param name="cancellationToken">Checked between sampler steps.</param>
    /// <returns>Paths of the written PNGs; the grid last when written.</returns>
    public static IReadOnlyList<string> Run(SampleOptions options, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchRuntime.EnsureLoaded();
        SkiaRuntime.EnsureLoaded();
        using var model = LoadModel(options, out var checkpoint);
        var config = model.Config;
        var models = new DiffusionModelDirectory(options.ModelDirectory);
        using var t5 = new T5TextEncoder(models, config.ModelMaxLength);
        using var vae = new VaeCodec(models, encoder: false, decoder: true);
        if (t5.Channels != config.CaptionChannels)
        {
            throw new OptionsValidationException("--model", $"the text encoder gives {t5.Channels} channels, the checkpoint's model takes {config.CaptionChannels}");
        }

        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var batch = options.Prompts.Count;
        var (features, mask, _) = t5.Encode(options.Prompts.Cast<string?>().ToList());
        var y = tensor(features, [batch, config.ModelMaxLength, config.CaptionChannels]);
        var m = tensor(mask.Select(b => (float)b).ToArray(), [batch, config.ModelMaxLength]);
        var side = config.InputSize;
        var pixels = side * 8;
        Tensor? imageSize = config.MicroConditions ? tensor(Enumerable.Repeat((float)pixels, batch * 2).ToArray(), [batch, 2]) : null;
        Tensor? ratio = config.MicroConditions ? ones(batch, 1) : null;
        var iddpm = options.Sampler == "iddpm";
        // The official iDDPM path guides only 3 of the 4 ε channels (a DiT reproducibility quirk); DPM-Solver guides all.
        var denoiser = ClassifierFreeGuidance.Create(model, y, GuidanceMask(config, iddpm, m), options.GuidanceScale, iddpm ? 3 : null, imageSize, ratio);
        var schedule = new NoiseSchedule();
        using var generator = new Generator((ulong)options.Seed);
        long[] shape = [batch, config.InChannels, side, side];
        var steps = options.Steps ?? (iddpm ? IddpmSampler.DefaultSteps : DpmSolverPlusPlus.DefaultSteps);
        var stepProgress = progress is null ? null : new SamplerStepProgress(progress, steps);
        var latents = iddpm
            ? IddpmSampler.Sample(denoiser, schedule, shape, steps, generator, stepProgress, cancellationToken)
            : DpmSolverPlusPlus.Sample(denoiser, schedule, shape, steps, generator, stepProgress, cancellationToken);
        var (images, height, width) = vae.Decode(latents.contiguous().data<float>().ToArray(), shape);
        var written = WritePngs(options, images, batch, height, width);
        var files = written.Take(batch).Select(p => Path.GetFileName(p)).ToList();
        SampleIndex.For(options, checkpoint, steps, files, options.Grid ? Path.GetFileName(written[^1]) : null).WriteTo(options.OutputDirectory);
        return written;
    }

    private static List<string> WritePngs(SampleOptions options, float[] images, int batch, int height, int width)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var paths = new List<string>();
        var tiles = new List<RgbPixels>();
        for (var b = 0; b < batch; b++)
        {
            var image = ImagePreparation.ToPixels(images, b * 3 * height * width, height, width);
            tiles.Add(image);
            var path = Path.Combine(options.OutputDirectory, string.Create(CultureInfo.InvariantCulture, $"sample_{b:D3}.png"));
            File.WriteAllBytes(path, Rgb24Encoder.EncodePng(image.Data, width, height));
            paths.Add(path);
        }

        if (options.Grid)
        {
            var grid = SampleGrid.Compose(tiles, options.Prompts);
            var gridPath = Path.Combine(options.OutputDirectory, "grid.png");
            File.WriteAllBytes(gridPath, Rgb24Encoder.EncodePng(grid.Data, grid.Width, grid.Height));
            paths.Add(gridPath);
        }

        return paths;
    }

    /// <summary>
    /// The caption mask guidance passes to the model. The official 1024-MS iDDPM path calls
    /// <c>PixArtMS.forward_with_cfg</c>, which calls <c>forward</c> without the mask, so every one of the 120 tokens
    /// (padding included) is attended; DPM-Solver and the 256/512 model's <c>forward_with_cfg</c> pass it.
    /// </summary>
    /// <param name="config">The model's configuration.</param>
    /// <param name="iddpm">Whether the iDDPM sampler runs.</param>
    /// <param name="mask">The captions' mask.</param>
    /// <returns>The mask, or null for all tokens.</returns>
    internal static Tensor? GuidanceMask(PixArtConfig config, bool iddpm, Tensor mask) => iddpm && config.MicroConditions ? null : mask;

    // checkpoint: the file or folder the weights came from (a run folder resolved to its checkpoint), for index.json.
    private static PixArtDiT LoadModel(SampleOptions options, out string checkpoint)
    {
        var path = options.Checkpoint;
        checkpoint = path;
        if (Directory.Exists(path) && options.Model is null && CheckpointImporter.DataForgeCheckpoint(path) is { } resolved)
        {
            // DataForge's own checkpoints load straight into a model of their recorded configuration.
            checkpoint = resolved;
            var model = new PixArtDiT(CheckpointStore.ReadState(resolved).Config);
            CheckpointStore.LoadWeights(resolved, model, options.UseEma);
            return model;
        }

        using var weights = CheckpointImporter.Read(path, options.UseEma, "--checkpoint");
        var config = options.Model ?? weights.Config
            ?? throw new OptionsValidationException("--config", $"{path} ({weights.Format}) records no head count or image size; give --config (a stage config file or a preset: XL2_256, XL2_512, XL2_1024MS)");
        var loaded = new PixArtDiT(config);
        try
        {
            CheckpointImporter.LoadInto(weights, loaded, ImportPolicy.Exact, "--checkpoint");
            return loaded;
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }
}
