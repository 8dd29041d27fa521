using System.Globalization;
using DataForge.Captioner;
using DataForge.Captioner.Generation;
using DataForge.Captioner.Imaging;
using DataForge.Captioner.Models;
using DataForge.ShapeWorld.Captioning;
using DataForge.TestUtils;

namespace DataForge.ShapeWorld.Tests.Captioning;

/// <summary>
/// The model shipped in <c>models/shapeworld-captioner</c>, run through the Captioner's loader, PNG preprocessing and
/// greedy generation on 200 held-out scenes, its captions parsed back into scene graphs: the targets.
/// </summary>
public sealed class ShippedCaptionerQualityTests
{
    // The seed the shipped model was trained with (models/shapeworld-captioner/README.md).
    private const int TrainingSeed = 0;

    [Fact]
    public void ShippedModel_On200HeldOutScenes_MeetsTheQualityTargets()
    {
        using var vlm = VisionLanguageModel.Load(RepoPaths.Combine("models", "shapeworld-captioner"), new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu });
        var preprocessor = new ImagePreprocessor(vlm.Config.Preprocessor);
        var prompt = vlm.EncodePrompt(CaptionPrompts.PixArtPaper);
        IReadOnlyList<string> Caption(IReadOnlyList<ShapeWorldScene> scenes) =>
            [.. vlm.Generate([.. scenes.Select(s => new GenerationRequest(s.Index.ToString(CultureInfo.InvariantCulture), prompt, preprocessor.Preprocess(s.EncodePng())))], new GenerationOptions())
                .Select(r => r.Text ?? "")];

        var (report, _) = CaptionerQualityEvaluation.Run(TrainingSeed, 200, 20, Caption);

        Assert.Equal(200, report.Scenes);
        Assert.True(report.ObjectF1 >= 0.95, report.ToMarkdown());
        Assert.True(report.ColorAccuracy >= 0.90, report.ToMarkdown());
        Assert.True(report.CountAccuracy >= 0.90, report.ToMarkdown());
    }
}
