using System.Text;
using DataForge.Captioner.Hub;
using DataForge.Captioner.Models;
using DataForge.Captioner.Tiny;
using DataForge.TestUtils;

namespace DataForge.Captioner.Tests.Hub;

public sealed class HubModelPullerTests
{
    private const string Repo = "tiny-org/tiny-llava";

    [Fact]
    public async Task PullAsync_DroppedConnectionMidFile_ResumesWithRangeVerifiesAndFetchesOnlyNeededFiles()
    {
        using var temp = new TempDirectory();
        var source = TinyLlavaModelWriter.Write(temp.Combine("source"));
        var files = Directory.GetFiles(source, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(source, f).Replace('\\', '/'), f => (File.ReadAllBytes(f), f.EndsWith(".onnx", StringComparison.Ordinal)));
        files["onnx/decoder_model_merged_q4.onnx"] = ("not needed"u8.ToArray(), true);
        files["README.md"] = ("# tiny"u8.ToArray(), false);
        await using var server = new LoopbackHubServer(Repo, files);
        server.DropOnce["onnx/decoder_model_merged.onnx"] = true;
        using var http = new HttpClient();
        var options = new ModelPullOptions { RepoId = Repo, Endpoint = server.Endpoint, OutputDirectory = temp.Combine("pulled"), RetryDelay = TimeSpan.FromMilliseconds(10) };

        var result = await new HubModelPuller(options, http).PullAsync();

        Assert.Equal(LoopbackHubServer.Commit, result.Commit);
        var expected = files.Keys.Where(k => k != "onnx/decoder_model_merged_q4.onnx" && k != "README.md").Order(StringComparer.Ordinal);
        Assert.Equal(expected, result.Downloaded.Order(StringComparer.Ordinal));
        foreach (var path in expected)
        {
            Assert.Equal(files[path].Item1, File.ReadAllBytes(Path.Combine(result.Directory, path)));
        }

        var decoderRequests = server.Requests.Where(r => r.Path.EndsWith("/onnx/decoder_model_merged.onnx", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, decoderRequests.Count);
        Assert.Null(decoderRequests[0].Range);
        Assert.Equal($"bytes={files["onnx/decoder_model_merged.onnx"].Item1.Length / 2}-", decoderRequests[1].Range);
        Assert.DoesNotContain(server.Requests, r => r.Path.EndsWith("_q4.onnx", StringComparison.Ordinal) || r.Path.EndsWith("README.md", StringComparison.Ordinal));
        Assert.All(server.Requests.Where(r => r.Path.Contains("/resolve/", StringComparison.Ordinal)), r => Assert.Contains(LoopbackHubServer.Commit, r.Path));
        // The pulled folder is a loadable model.
        using var model = VisionLanguageModel.Load(result.Directory, new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu });
        Assert.Equal(16, model.ImageTokenCount);

        // A second pull transfers nothing: every file is present and verifies.
        var again = await new HubModelPuller(options, http).PullAsync();
        Assert.Empty(again.Downloaded);
        Assert.Equal(expected.Count(), again.AlreadyPresent.Count);
    }

    [Fact]
    public async Task PullAsync_CorruptedLocalFile_IsDetectedAndRefetched()
    {
        using var temp = new TempDirectory();
        var content = Encoding.UTF8.GetBytes("""{"model_type":"llava"}""");
        var files = new Dictionary<string, (byte[], bool)>
        {
            ["config.json"] = (content, false),
            ["onnx/embed_tokens.onnx"] = (new byte[5000], true),
            ["onnx/decoder_model_merged.onnx"] = (Enumerable.Range(0, 9000).Select(i => (byte)i).ToArray(), true),
        };
        await using var server = new LoopbackHubServer(Repo, files);
        using var http = new HttpClient();
        var output = temp.Combine("pulled");
        Directory.CreateDirectory(output);
        File.WriteAllBytes(Path.Combine(output, "config.json"), Encoding.UTF8.GetBytes("""{"model_type":"llama"}""")); // same length, wrong bytes
        var options = new ModelPullOptions { RepoId = Repo, Endpoint = server.Endpoint, OutputDirectory = output, RetryDelay = TimeSpan.Zero };

        var result = await new HubModelPuller(options, http).PullAsync();

        Assert.Contains("config.json", result.Downloaded);
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(output, "config.json")));
    }

    [Fact]
    public async Task PullAsync_MissingDtype_ListsWhatTheRepositoryHas()
    {
        using var temp = new TempDirectory();
        var files = new Dictionary<string, (byte[], bool)>
        {
            ["config.json"] = ("{}"u8.ToArray(), false),
            ["onnx/embed_tokens.onnx"] = ("x"u8.ToArray(), true),
            ["onnx/decoder_model_merged.onnx"] = ("x"u8.ToArray(), true),
        };
        await using var server = new LoopbackHubServer(Repo, files);
        using var http = new HttpClient();
        var options = new ModelPullOptions { RepoId = Repo, Endpoint = server.Endpoint, OutputDirectory = temp.Combine("p"), Dtype = "q4f16" };

        var error = await Assert.ThrowsAsync<ModelFormatException>(() => new HubModelPuller(options, http).PullAsync());
        Assert.Contains("onnx/embed_tokens.onnx", error.Message);
    }

    [Fact]
    public void Validate_BadRepoId_NamesTheArgument()
    {
        var error = Assert.Throws<DataForge.Core.Errors.OptionsValidationException>(new ModelPullOptions { RepoId = "../etc" }.Validate);
        Assert.Equal("<hf-repo-id>", error.OptionName);
    }
}
