using DataForge.Core.Errors;
using DataForge.TestUtils;
using DataForge.Trainer.Checkpoints;
using DataForge.Trainer.Model;
using DataForge.Trainer.Runtime;
using static DataForge.Trainer.Tests.Checkpoints.CheckpointFixtures;
using static TorchSharp.torch;

namespace DataForge.Trainer.Tests.Checkpoints;

public sealed class CheckpointImportExportTests
{
    public CheckpointImportExportTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void OfficialPth_WrittenWithOfficialNames_LoadsAndMatchesNativeModel()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        using var native = RandomModel(Tiny, 1);
        // The file a user downloads: {"state_dict": ...} with the official names and the pos_embed buffer.
        var official = CheckpointExporter.Official(native.state_dict(), Tiny);
        Assert.Equal(OfficialKeys(2, ms: false), new SortedSet<string>(official.Keys, StringComparer.Ordinal));
        var path = dir.Combine("PixArt-XL-2-tiny.pth");
        StateDictFile.SavePickle(path, official, "state_dict");

        var (loaded, report) = CheckpointImporter.Load(path, Tiny, ImportPolicy.Exact, preferEma: true, "--checkpoint");
        using (loaded)
        {
            Assert.Equal(0f, (Forward(loaded) - Forward(native)).abs().max().item<float>());
        }

        Assert.Equal(["pos_embed"], report.Dropped);
        Assert.Empty(report.KeptInitialisation);
        Assert.Equal(2, report.Architecture.Depth);
        Assert.Equal(96, report.Architecture.HiddenSize);
        Assert.Equal(8, report.Architecture.OutChannels);
    }

    [Fact]
    public void BareStateDictPth_AndOfficialEmaWrapper_AreBothRead()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        using var raw = RandomModel(Tiny, 2);
        using var ema = RandomModel(Tiny, 3);
        var bare = dir.Combine("bare.pth");
        StateDictFile.SavePickle(bare, raw.state_dict());
        using (var weights = CheckpointImporter.Read(bare, preferEma: true, "--init"))
        {
            Assert.Equal(0f, MaxDifference(weights.Tensors, raw.state_dict()));
        }

        // The official training checkpoint keeps both: state_dict and state_dict_ema.
        var both = dir.Combine("both.pth");
        var table = new System.Collections.Hashtable
        {
            ["state_dict"] = new System.Collections.Hashtable(raw.state_dict()),
            ["state_dict_ema"] = new System.Collections.Hashtable(ema.state_dict()),
        };
        using (var stream = File.Create(both))
        {
            TorchSharp.PyBridge.PyTorchPickler.PickleStateDict(stream, table);
        }

        using var emaWeights = CheckpointImporter.Read(both, preferEma: true, "--init");
        using var rawWeights = CheckpointImporter.Read(both, preferEma: false, "--init");
        Assert.Equal(0f, MaxDifference(emaWeights.Tensors, ema.state_dict()));
        Assert.Equal(0f, MaxDifference(rawWeights.Tensors, raw.state_dict()));
    }

    [Fact]
    public void DiffusersFolder_WithDiffusersNames_LoadsAndMatchesNativeModel()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        var config = Tiny with { MicroConditions = true, InputSize = 16, PeInterpolation = 2 };
        using var native = RandomModel(config, 4);
        var sd = native.state_dict();
        const int D = 96;
        // A diffusers folder as convert_pixart_alpha_to_diffusers.py writes it; names and splits spelled out here.
        var diffusers = new Dictionary<string, Tensor>
        {
            ["pos_embed.proj.weight"] = sd["x_embedder.proj.weight"], ["pos_embed.proj.bias"] = sd["x_embedder.proj.bias"],
            ["caption_projection.linear_1.weight"] = sd["y_embedder.y_proj.fc1.weight"], ["caption_projection.linear_1.bias"] = sd["y_embedder.y_proj.fc1.bias"],
            ["caption_projection.linear_2.weight"] = sd["y_embedder.y_proj.fc2.weight"], ["caption_projection.linear_2.bias"] = sd["y_embedder.y_proj.fc2.bias"],
            ["adaln_single.emb.timestep_embedder.linear_1.weight"] = sd["t_embedder.mlp.0.weight"], ["adaln_single.emb.timestep_embedder.linear_1.bias"] = sd["t_embedder.mlp.0.bias"],
            ["adaln_single.emb.timestep_embedder.linear_2.weight"] = sd["t_embedder.mlp.2.weight"], ["adaln_single.emb.timestep_embedder.linear_2.bias"] = sd["t_embedder.mlp.2.bias"],
            ["adaln_single.emb.resolution_embedder.linear_1.weight"] = sd["csize_embedder.mlp.0.weight"], ["adaln_single.emb.resolution_embedder.linear_1.bias"] = sd["csize_embedder.mlp.0.bias"],
            ["adaln_single.emb.resolution_embedder.linear_2.weight"] = sd["csize_embedder.mlp.2.weight"], ["adaln_single.emb.resolution_embedder.linear_2.bias"] = sd["csize_embedder.mlp.2.bias"],
            ["adaln_single.emb.aspect_ratio_embedder.linear_1.weight"] = sd["ar_embedder.mlp.0.weight"], ["adaln_single.emb.aspect_ratio_embedder.linear_1.bias"] = sd["ar_embedder.mlp.0.bias"],
            ["adaln_single.emb.aspect_ratio_embedder.linear_2.weight"] = sd["ar_embedder.mlp.2.weight"], ["adaln_single.emb.aspect_ratio_embedder.linear_2.bias"] = sd["ar_embedder.mlp.2.bias"],
            ["adaln_single.linear.weight"] = sd["t_block.1.weight"], ["adaln_single.linear.bias"] = sd["t_block.1.bias"],
            ["proj_out.weight"] = sd["final_layer.linear.weight"], ["proj_out.bias"] = sd["final_layer.linear.bias"],
            ["scale_shift_table"] = sd["final_layer.scale_shift_table"],
        };
        for (var i = 0; i < 2; i++)
        {
            var b = $"transformer_blocks.{i}.";
            var o = $"blocks.{i}.";
            diffusers[b + "scale_shift_table"] = sd[o + "scale_shift_table"];
            foreach (var s in new[] { "weight", "bias" })
            {
                var qkv = sd[o + "attn.qkv." + s];
                diffusers[b + "attn1.to_q." + s] = qkv[..D].contiguous();
                diffusers[b + "attn1.to_k." + s] = qkv[D..(2 * D)].contiguous();
                diffusers[b + "attn1.to_v." + s] = qkv[(2 * D)..].contiguous();
                diffusers[b + "attn1.to_out.0." + s] = sd[o + "attn.proj." + s];
                diffusers[b + "attn2.to_q." + s] = sd[o + "cross_attn.q_linear." + s];
                var kv = sd[o + "cross_attn.kv_linear." + s];
                diffusers[b + "attn2.to_k." + s] = kv[..D].contiguous();
                diffusers[b + "attn2.to_v." + s] = kv[D..].contiguous();
                diffusers[b + "attn2.to_out.0." + s] = sd[o + "cross_attn.proj." + s];
                diffusers[b + "ff.net.0.proj." + s] = sd[o + "mlp.fc1." + s];
                diffusers[b + "ff.net.2." + s] = sd[o + "mlp.fc2." + s];
            }
        }

        var folder = Directory.CreateDirectory(dir.Combine("pipeline", "transformer")).FullName;
        StateDictFile.SaveSafetensors(Path.Combine(folder, "diffusion_pytorch_model.safetensors"), diffusers);
        File.WriteAllText(Path.Combine(folder, "config.json"), """
            {"_class_name": "PixArtTransformer2DModel", "num_attention_heads": 4, "attention_head_dim": 24, "in_channels": 4,
             "out_channels": 8, "num_layers": 2, "cross_attention_dim": 96, "attention_bias": true, "sample_size": 16, "patch_size": 2,
             "activation_fn": "gelu-approximate", "num_embeds_ada_norm": 1000, "norm_type": "ada_norm_single",
             "norm_elementwise_affine": false, "norm_eps": 1e-6, "interpolation_scale": 2, "use_additional_conditions": true,
             "caption_channels": 32}
            """);

        // Diffusers keeps no null caption: sampling refuses rather than guide against a random one ...
        var refused = Assert.Throws<OptionsValidationException>(() => CheckpointImporter.Load(dir.Combine("pipeline"), config, ImportPolicy.Exact, true, "--checkpoint"));
        Assert.Contains("y_embedder.y_embedding", refused.Message, StringComparison.Ordinal);
        Assert.Contains("null caption", refused.Message, StringComparison.Ordinal);

        // ... a training start keeps a fresh one and says so ...
        var (started, startReport) = CheckpointImporter.Load(dir.Combine("pipeline"), config, ImportPolicy.StageStart, true, "--init");
        started.Dispose();
        Assert.Equal(["y_embedder.y_embedding"], startReport.KeptInitialisation);

        // ... and with the null caption beside it the model is the native one.
        StateDictFile.SaveSafetensors(Path.Combine(folder, CheckpointImporter.NullCaptionFile), new Dictionary<string, Tensor> { ["y_embedder.y_embedding"] = sd["y_embedder.y_embedding"] });
        using var weights = CheckpointImporter.Read(dir.Combine("pipeline"), true, "--checkpoint");
        Assert.Equal(config, weights.Config);
        using var loaded = new PixArtDiT(weights.Config!);
        var report = CheckpointImporter.LoadInto(weights, loaded, ImportPolicy.Exact, "--checkpoint");
        Assert.Equal(0f, (Forward(loaded) - Forward(native)).abs().max().item<float>());
        Assert.True(report.Architecture.MicroConditions);
    }

    [Theory]
    [InlineData(ExportFormat.PixArt, true)]
    [InlineData(ExportFormat.Safetensors, true)]
    [InlineData(ExportFormat.Diffusers, true)]
    [InlineData(ExportFormat.PixArt, false)]
    public void Export_ThenImport_IsBitExact(ExportFormat format, bool ema)
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        var config = Tiny with { MicroConditions = true };
        using var raw = RandomModel(config, 5);
        using var averaged = RandomModel(config, 6);
        SaveRun(dir.Combine("run"), raw, averaged);
        var output = dir.Combine(format == ExportFormat.Diffusers ? "diffusers" : "export.bin");
        var written = CheckpointExporter.Export(dir.Combine("run"), output, format, ema);
        Assert.All(written, p => Assert.True(File.Exists(p), p));

        var expected = ema ? averaged : raw;
        var (loaded, report) = CheckpointImporter.Load(output, config, ImportPolicy.Exact, preferEma: true, "--checkpoint");
        using (loaded)
        {
            Assert.Equal(0f, MaxDifference(loaded.state_dict(), expected.state_dict()));
            Assert.Equal(0f, (Forward(loaded) - Forward(expected)).abs().max().item<float>());
        }

        Assert.Empty(report.KeptInitialisation);
        if (format != ExportFormat.Diffusers)
        {
            using var file = CheckpointImporter.Read(output, true, "--checkpoint");
            Assert.Equal(OfficialKeys(2, ms: true), new SortedSet<string>(file.Tensors.Keys, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void DiffusersExport_SplitsFusedProjectionsUnderDiffusersNames()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        using var model = RandomModel(Tiny, 7);
        SaveRun(dir.Combine("run"), model, model);
        CheckpointExporter.Export(dir.Combine("run"), dir.Combine("out"), ExportFormat.Diffusers);
        var sd = model.state_dict();
        var written = StateDictFile.Load(dir.Combine("out", "transformer", "diffusion_pytorch_model.safetensors"));
        Assert.Equal(0f, (written["transformer_blocks.1.attn1.to_k.weight"] - sd["blocks.1.attn.qkv.weight"][96..192]).abs().max().item<float>());
        Assert.Equal(0f, (written["transformer_blocks.0.attn2.to_v.bias"] - sd["blocks.0.cross_attn.kv_linear.bias"][96..]).abs().max().item<float>());
        Assert.Equal(0f, (written["adaln_single.linear.weight"] - sd["t_block.1.weight"]).abs().max().item<float>());
        Assert.DoesNotContain(written.Keys, k => k.StartsWith("blocks.", StringComparison.Ordinal) || k == "pos_embed");
        var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir.Combine("out", "transformer", "config.json"))).RootElement;
        Assert.Equal("PixArtTransformer2DModel", config.GetProperty("_class_name").GetString());
        Assert.Equal(24, config.GetProperty("attention_head_dim").GetInt32());
        Assert.Equal(8, config.GetProperty("sample_size").GetInt32());
    }

    [Fact]
    public void WrongWidth_NamesTheTensorAndBothSizes()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        using var model = RandomModel(Tiny with { HiddenSize = 48 }, 8);
        var path = dir.Combine("w.pth");
        StateDictFile.SavePickle(path, model.state_dict(), "state_dict");
        var ex = Assert.Throws<OptionsValidationException>(() => CheckpointImporter.Load(path, Tiny, ImportPolicy.Exact, true, "--init"));
        Assert.Contains("hidden size: checkpoint 48 (x_embedder.proj.weight dim 0), configuration 96", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("--init: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongMlpRatio_NamesEachTensorWithBothShapes()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        using var model = RandomModel(Tiny with { MlpRatio = 2 }, 9);
        var path = dir.Combine("m.safetensors");
        StateDictFile.SaveSafetensors(path, model.state_dict());
        var ex = Assert.Throws<OptionsValidationException>(() => CheckpointImporter.Load(path, Tiny, ImportPolicy.Exact, true, "--init"));
        Assert.Contains("blocks.0.mlp.fc1.weight is [192, 96] in the checkpoint, [384, 96] in the model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DepthAndMicroConditionMismatches_AreNamed()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        using var deep = RandomModel(Tiny with { Depth = 3 }, 10);
        var path = dir.Combine("deep.pth");
        StateDictFile.SavePickle(path, deep.state_dict());
        var depth = Assert.Throws<OptionsValidationException>(() => CheckpointImporter.Load(path, Tiny, ImportPolicy.StageStart, true, "--init"));
        Assert.Contains("depth: checkpoint 3 (blocks.0 … blocks.2), configuration 2", depth.Message, StringComparison.Ordinal);

        using var ms = RandomModel(Tiny with { MicroConditions = true }, 11);
        StateDictFile.SavePickle(path, ms.state_dict());
        var micro = Assert.Throws<OptionsValidationException>(() => CheckpointImporter.Load(path, Tiny, ImportPolicy.StageStart, true, "--init"));
        Assert.Contains("micro-conditions: checkpoint has csize_embedder/ar_embedder, configuration has micro_conditions off", micro.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingAndUnusedKeys_AreListed()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        using var model = RandomModel(Tiny, 12);
        var sd = new Dictionary<string, Tensor>(model.state_dict());
        sd.Remove("blocks.1.cross_attn.proj.bias");
        var path = dir.Combine("missing.pth");
        StateDictFile.SavePickle(path, sd);
        var missing = Assert.Throws<OptionsValidationException>(() => CheckpointImporter.Load(path, Tiny, ImportPolicy.StageStart, true, "--init"));
        Assert.Contains("lacks 1 tensor(s) the model needs: blocks.1.cross_attn.proj.bias", missing.Message, StringComparison.Ordinal);

        sd = new Dictionary<string, Tensor>(model.state_dict()) { ["ema_decay"] = ones(1), ["blocks.0.attn.rel_pos"] = ones(3) };
        StateDictFile.SavePickle(path, sd);
        var unused = Assert.Throws<OptionsValidationException>(() => CheckpointImporter.Load(path, Tiny, ImportPolicy.StageStart, true, "--init"));
        Assert.Contains("2 tensor(s) the model has no place for", unused.Message, StringComparison.Ordinal);
        Assert.Contains("ema_decay", unused.Message, StringComparison.Ordinal);
        Assert.Contains("blocks.0.attn.rel_pos", unused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DitCheckpoint_IsPointedToInitDit()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        using var model = RandomModel(Tiny, 13);
        var sd = new Dictionary<string, Tensor>(model.state_dict()) { ["y_embedder.embedding_table.weight"] = ones(11, 96) };
        var path = dir.Combine("DiT-XL-2-256x256.pt");
        StateDictFile.SavePickle(path, sd);
        var ex = Assert.Throws<OptionsValidationException>(() => CheckpointImporter.Load(path, Tiny, ImportPolicy.StageStart, true, "--init"));
        Assert.Contains("--init-dit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatIsToldByContent_NotByExtension()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        using var model = RandomModel(Tiny, 14);
        var safetensors = dir.Combine("weights.bin");
        StateDictFile.SaveSafetensors(safetensors, model.state_dict());
        var pickle = dir.Combine("weights.safetensors");
        StateDictFile.SavePickle(pickle, model.state_dict());
        Assert.Equal(StateDictFormat.Safetensors, StateDictFile.Sniff(safetensors));
        Assert.Equal(StateDictFormat.TorchZip, StateDictFile.Sniff(pickle));
        Assert.Equal(0f, MaxDifference(StateDictFile.Load(safetensors), model.state_dict()));
        Assert.Equal(0f, MaxDifference(StateDictFile.Load(pickle), model.state_dict()));
    }

    [Fact]
    public void LegacyTorchSave_IsRefusedWithTheWayOut()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("old.pth");
        // What torch.save(..., _use_new_zipfile_serialization=False) starts with: PROTO 2, LONG1 10-byte magic number.
        File.WriteAllBytes(path, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e, 0x80, 0x02]);
        Assert.Equal(StateDictFormat.TorchLegacy, StateDictFile.Sniff(path));
        var ex = Assert.Throws<DataForgeException>(() => StateDictFile.Load(path));
        Assert.Contains("legacy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("torch.save", ex.Message, StringComparison.Ordinal);

        File.WriteAllText(path, "not a checkpoint at all");
        Assert.Contains("neither a torch.save zip archive nor a safetensors file", Assert.Throws<DataForgeException>(() => StateDictFile.Load(path)).Message, StringComparison.Ordinal);
    }
}
