using System.Buffers.Binary;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

/// <summary>
/// The shipped shape-world VAE and text encoder through the real stages: extract-features on ingested shape-world
/// shards, a few train steps on those features, and sample decoding through the VAE to 64×64 PNGs.
/// </summary>
public sealed class ShapeWorldDiffusionModelsTests
{
    [Fact]
    public async Task ShippedVaeAndTextEncoder_ExtractTrainAndSample_EndToEnd()
    {
        using var dir = new TempDirectory();
        var work = dir.Combine("demo");
        // The demo ingests shape-world scenes over loopback; the tiny random captioner is enough to make its shards.
        var captioner = Captioner.Tiny.TinyLlavaModelWriter.Write(dir.Combine("captioner"));
        var demo = await CliRun.RunAsync("demo", "--work-dir", work, "--images", "8", "--samples-per-shard", "4", "--train-steps", "2", "--model", captioner);
        Assert.True(demo.ExitCode == 0, demo.Error);
        // extract-features and sample read one --model folder: the two shipped folders side by side.
        var models = dir.Combine("shapeworld-diffusion");
        foreach (var (folder, part) in new[] { ("shapeworld-vae", "vae_encoder"), ("shapeworld-vae", "vae_decoder"), ("shapeworld-text-encoder", "text_encoder"), ("shapeworld-text-encoder", "tokenizer") })
        {
            Directory.CreateDirectory(Path.Combine(models, part));
            foreach (var file in Directory.GetFiles(RepoPaths.Combine("models", folder, part)))
            {
                File.Copy(file, Path.Combine(models, part, Path.GetFileName(file)));
            }
        }

        var extract = await CliRun.RunAsync(
            "extract-features", "--input", Path.Combine(work, "captioned"), "--model", models, "--resolution", "64", "--tokens", "8",
            "--caption-column", "caption", "--output", dir.Combine("features"));
        Assert.True(extract.ExitCode == 0, extract.Error);
        Assert.Contains("8 extracted", extract.Output, StringComparison.Ordinal);
        var glob = DuckDb.Escape(Path.Combine(dir.Combine("features"), "*.parquet"));
        // 8×8×4 float32 latents (mean and std) and 8 tokens × 32 channels of text features per image.
        Assert.Equal(8L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'success' AND octet_length(vae_mean) = 1024 AND octet_length(vae_std) = 1024 AND octet_length(t5_features) = 1024"));

        var run = dir.Combine("run");
        var train = await CliRun.RunAsync("train", "--config", RepoPaths.Combine("configs", "pixart", "demo_tiny.json"), "--input", dir.Combine("features"), "--output", run, "--steps", "3", "--checkpoint-every", "3");
        Assert.True(train.ExitCode == 0, train.Error);

        var sample = await CliRun.RunAsync(
            "sample", "--checkpoint", run, "--model", models, "--prompt", "a large red circle", "--prompt", "two small blue squares",
            "--steps", "2", "--output", dir.Combine("samples"), "--no-grid");
        Assert.True(sample.ExitCode == 0, sample.Error);
        var pngs = Directory.GetFiles(dir.Combine("samples"), "*.png");
        Assert.Equal(2, pngs.Length);
        foreach (var png in pngs)
        {
            // IHDR: width and height, big-endian, at bytes 16 and 20.
            var header = File.ReadAllBytes(png).AsSpan(16, 8);
            Assert.Equal((64, 64), (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header[4..])));
        }
    }
}
