using System.Text.Json;
using System.Text.RegularExpressions;
using DataForge.TestUtils;

namespace DataForge.Cluster.Tests;

public sealed class SlurmSubmitCommandTests
{
    [Fact]
    public async Task DryRun_PrintsEveryScriptAndSbatchLine_AndSubmitsNothing()
    {
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path);

        var output = await Cli.RunOkAsync("slurm", "submit", "--pipeline", spec.SourcePath, "--dry-run");

        var scripts = Regex.Split(output, @"^# ---- ", RegexOptions.Multiline).Skip(1).ToList();
        Assert.Equal(4, scripts.Count);
        var (ingest, caption, nounstats, reduce) = (scripts[0], scripts[1], scripts[2], scripts[3]);
        Assert.All(scripts[..3], s =>
        {
            Assert.Contains("#SBATCH --array=0-2%2\n", s, StringComparison.Ordinal);
            Assert.Contains("#SBATCH --requeue\n", s, StringComparison.Ordinal);
            Assert.Contains("#SBATCH --partition=gpu\n", s, StringComparison.Ordinal);
            Assert.Contains("export DATAFORGE_SHARD_COUNT=3\n", s, StringComparison.Ordinal);
            Assert.Matches(@"#SBATCH --output=\S+/work/logs/\w+/task-%a\.job-%A\.log", s);
        });
        Assert.Contains("#SBATCH --cpus-per-task=8\n#SBATCH --mem=16G\n", ingest, StringComparison.Ordinal);
        Assert.DoesNotContain("--gres", ingest, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --gres=gpu:1\n", caption, StringComparison.Ordinal);
        Assert.Contains("export HF_HOME='/scratch/hf cache'\n", caption, StringComparison.Ordinal);
        Assert.Contains("/opt/dataforge/dataforge caption --model llava --input images --output captioned\n", caption, StringComparison.Ordinal);
        Assert.Contains("# submit: sbatch --parsable '--dependency=aftercorr:<job id of ingest>' --kill-on-invalid-dep=yes", caption, StringComparison.Ordinal);
        Assert.Contains("--output report --map-only\n", nounstats, StringComparison.Ordinal);
        Assert.Contains("/opt/dataforge/dataforge nounstats --input captioned --caption-column dense_caption --output report \\\n  && /opt/dataforge/dataforge manifest refresh --dir ", reduce, StringComparison.Ordinal);
        Assert.Contains("'--dependency=afterok:<job id of ingest>:<job id of caption>:<job id of nounstats>'", reduce, StringComparison.Ordinal);
        Assert.False(Directory.Exists(spec.WorkDirectory), "a dry run writes nothing");
    }

    [Fact]
    public async Task DryRun_ScriptsAreValidBash()
    {
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path);
        var output = await Cli.RunOkAsync("slurm", "submit", "--pipeline", spec.SourcePath, "--dry-run");

        foreach (var script in Regex.Split(output, @"^# ---- ", RegexOptions.Multiline).Skip(1))
        {
            var file = temp.Combine("check.sh");
            await File.WriteAllTextAsync(file, script[(script.IndexOf('\n') + 1)..]);
            using var bash = System.Diagnostics.Process.Start("bash", ["-n", file]);
            await bash.WaitForExitAsync();
            Assert.True(bash.ExitCode == 0, script);
        }
    }

    [Fact]
    public async Task K8s_WritesAnIndexedJobPerArrayStage_AndAnOrderedApplyScript()
    {
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path);

        var output = await Cli.RunOkAsync("slurm", "submit", "--pipeline", spec.SourcePath, "--k8s", "--k8s-output", temp.Combine("k8s"));

        var files = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["00-ingest.job.json", "01-caption.job.json", "02-nounstats.job.json", "03-reduce.job.json", "apply.sh"], files.Select(Path.GetFileName));
        for (var i = 0; i < 3; i++)
        {
            using var job = JsonDocument.Parse(await File.ReadAllTextAsync(files[i]));
            var root = job.RootElement;
            Assert.Equal("batch/v1", root.GetProperty("apiVersion").GetString());
            Assert.Equal("Job", root.GetProperty("kind").GetString());
            var jobSpec = root.GetProperty("spec");
            Assert.Equal("Indexed", jobSpec.GetProperty("completionMode").GetString());
            Assert.Equal(3, jobSpec.GetProperty("completions").GetInt32());
            Assert.Equal(2, jobSpec.GetProperty("parallelism").GetInt32());
            Assert.Equal(2, jobSpec.GetProperty("backoffLimitPerIndex").GetInt32());
            var pod = jobSpec.GetProperty("template").GetProperty("spec");
            Assert.Equal("Never", pod.GetProperty("restartPolicy").GetString()); // backoffLimitPerIndex requires it
            Assert.Equal("shards", pod.GetProperty("volumes")[0].GetProperty("persistentVolumeClaim").GetProperty("claimName").GetString());
            var container = pod.GetProperty("containers")[0];
            Assert.Equal("registry.example/dataforge:1.0", container.GetProperty("image").GetString());
            // Under /bin/sh, so exit 1 (failed rows recorded) counts as the index's success
            Assert.Equal(["/bin/sh", "-c"], container.GetProperty("command").EnumerateArray().Take(2).Select(e => e.GetString()));
            Assert.Equal(["dataforge", spec.Stages[i].Stage], container.GetProperty("command").EnumerateArray().Skip(4).Take(2).Select(e => e.GetString()));
            Assert.Contains(container.GetProperty("env").EnumerateArray(), e => e.GetProperty("name").GetString() == "DATAFORGE_SHARD_COUNT" && e.GetProperty("value").GetString() == "3");
            var hasGpu = container.TryGetProperty("resources", out var resources) && resources.GetProperty("limits").TryGetProperty("nvidia.com/gpu", out _);
            Assert.Equal(i == 1, hasGpu);
        }

        using var reduce = JsonDocument.Parse(await File.ReadAllTextAsync(files[3]));
        Assert.False(reduce.RootElement.GetProperty("spec").TryGetProperty("completionMode", out _));
        var apply = await File.ReadAllLinesAsync(files[4]);
        Assert.Equal(
            ["00-ingest.job.json", "df-laion-dense-ingest", "01-caption.job.json", "df-laion-dense-caption", "02-nounstats.job.json", "df-laion-dense-nounstats", "03-reduce.job.json", "df-laion-dense-reduce"],
            apply.Where(l => l.StartsWith("kubectl apply", StringComparison.Ordinal) || l.StartsWith("wait_job ", StringComparison.Ordinal)).Select(l => l.Split(' ', '/')[^1]));
    }
}
