using System.Text.Json.Nodes;
using DataForge.Cluster.Pipeline;

namespace DataForge.Cluster.Tests;

/// <summary>Writes small pipeline specs for tests that need no cluster.</summary>
internal static class PipelineSpecFiles
{
    public static string Write(string directory, JsonObject spec)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "pipeline.json");
        File.WriteAllText(path, spec.ToJsonString());
        return path;
    }

    /// <summary>ingest → caption → nounstats over three shard groups, with a manifest folder.</summary>
    public static PipelineSpec Demo(string directory, Action<JsonObject>? edit = null)
    {
        var spec = new JsonObject
        {
            ["name"] = "laion-dense",
            ["work_dir"] = "work",
            ["dataforge"] = new JsonArray("/opt/dataforge/dataforge"),
            ["array_tasks"] = 3,
            ["max_parallel_tasks"] = 2,
            ["partition"] = "gpu",
            ["manifest_dir"] = "manifests",
            ["environment"] = new JsonObject { ["HF_HOME"] = "/scratch/hf cache" },
            ["stages"] = new JsonArray(
                new JsonObject { ["stage"] = "ingest", ["args"] = new JsonArray("--input", "laion.parquet", "--output", "images"), ["cpus_per_task"] = 8, ["mem"] = "16G" },
                new JsonObject { ["stage"] = "caption", ["args"] = new JsonArray("--model", "llava", "--input", "images", "--output", "captioned"), ["time"] = "12:00:00" },
                new JsonObject { ["stage"] = "nounstats", ["args"] = new JsonArray("--input", "captioned", "--caption-column", "dense_caption", "--output", "report") }),
            ["kubernetes"] = new JsonObject { ["image"] = "registry.example/dataforge:1.0", ["volume_claim"] = "shards" },
        };
        edit?.Invoke(spec);
        return PipelineSpec.Load(Write(directory, spec));
    }
}
