using DataForge.Captioner.Tiny;
using DataForge.Cli.Demo;
using DataForge.Core.Shards;
using DataForge.ShapeWorld;

namespace DataForge.Cluster.Tests;

/// <summary>
/// The demo's pipeline inputs for cluster tests: generated scenes (plus one missing URL) served over loopback, a URL
/// list, the tiny captioning model, and the stage arguments for an output root, so a cluster run and a local run of
/// the same pipeline can be compared.
/// </summary>
internal sealed class DemoPipelineInputs : IAsyncDisposable
{
    private readonly DemoImageServer _server = new();

    private DemoPipelineInputs(string root)
    {
        UrlList = Path.Combine(root, "input", "urls.parquet");
        ModelDirectory = Path.Combine(root, "model");
    }

    /// <summary>Gets the URL list (url, caption).</summary>
    public string UrlList { get; }

    /// <summary>Gets the tiny LLaVA-layout model.</summary>
    public string ModelDirectory { get; }

    /// <summary>Serves <paramref name="images"/> scenes and one missing URL (a failed row, so ingest exits 1).</summary>
    public static async Task<DemoPipelineInputs> CreateAsync(string root, int images)
    {
        var inputs = new DemoPipelineInputs(root);
        inputs._server.Start();
        var urls = new List<string?>();
        var captions = new List<string?>();
        for (var i = 0; i < images; i++)
        {
            var scene = new ShapeWorldGenerator(11).Generate(i);
            inputs._server.Add($"img/{i}.png", 200, "image/png", scene.EncodePng());
            urls.Add(inputs._server.BaseUrl + $"img/{i}.png");
            captions.Add(scene.AltText);
        }

        urls.Insert(images / 2, inputs._server.BaseUrl + "img/missing.png");
        captions.Insert(images / 2, "a picture that is gone");
        await ShardFileWriter.WriteTableAsync(inputs.UrlList, new ShardTable([ShardColumn.Of("url", urls.ToArray()), ShardColumn.Of("caption", captions.ToArray())]));
        TinyLlavaModelWriter.Write(inputs.ModelDirectory);
        return inputs;
    }

    public static string Images(string output) => Path.Combine(output, "images");

    public static string Captioned(string output) => Path.Combine(output, "captioned");

    public static string Manifests(string output) => Path.Combine(output, "manifests");

    public static string NounStats(string output) => Path.Combine(output, "nounstats");

    public List<string> IngestArgs(string output) =>
    [
        "--input", UrlList, "--url-column", "url", "--caption-column", "caption", "--samples-per-shard", "4", "--allow-private-addresses",
        "--dataset-name", "demo", "--output", Images(output), "--manifest-dir", Manifests(output), "--parallelism", "1",
    ];

    public List<string> CaptionArgs(string output) =>
    [
        "--model", ModelDirectory, "--input", Images(output), "--input-manifest", Path.Combine(Manifests(output), "demo.manifest.json"),
        "--device", "Cpu", "--output", Captioned(output), "--manifest-dir", Manifests(output), "--parallelism", "1",
    ];

    public static List<string> NounStatsArgs(string output) =>
    [
        "--input", Images(output), "--caption-column", "caption", "--label", "alt-text",
        "--input", Captioned(output), "--caption-column", "dense_caption", "--label", "dense",
        "--output", NounStats(output), "--parallelism", "1", "--plots", "false",
    ];

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
