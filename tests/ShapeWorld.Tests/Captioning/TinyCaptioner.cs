using DataForge.ShapeWorld.Captioning;
using TorchSharp;

namespace DataForge.ShapeWorld.Tests.Captioning;

/// <summary>A small randomly initialised captioner and images to feed it, for export and loading tests.</summary>
internal static class TinyCaptioner
{
    public static readonly string[] Captions =
    [
        "a large red circle is left of a small blue square .",
        "two green stars above a yellow heart on a plain white background .",
    ];

    public static CaptionVocabulary Vocabulary() => CaptionVocabulary.Build(Captions);

    public static ShapeCaptionerModel Create(CaptionVocabulary vocabulary, int seed = 7)
    {
        CaptionerTorch.EnsureLoaded();
        torch.manual_seed(seed);
        var model = new ShapeCaptionerModel(new CaptionerConfig
        {
            GridSize = 4, ModelDim = 32, Layers = 2, Heads = 2, FeedForwardDim = 48, MaxPositions = 160, VocabularySize = vocabulary.Count,
        });
        using (torch.no_grad())
        {
            // Fresh weights leave the residual branches at zero and the norms at the identity; jitter every weight so
            // the export tests exercise each path of the graph.
            foreach (var p in model.parameters())
            {
                p.add_(torch.randn_like(p) * 0.05);
            }
        }

        model.eval();
        return model;
    }

    /// <summary>A deterministic busy 64×64 RGB image (gradients and a block), so features differ across the grid.</summary>
    public static byte[] Image(int variant)
    {
        var rgb = new byte[64 * 64 * 3];
        for (var y = 0; y < 64; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                var i = ((y * 64) + x) * 3;
                var inBlock = x > 10 + variant && x < 30 + variant && y > 20 && y < 44;
                rgb[i] = (byte)(inBlock ? 230 : x * 4);
                rgb[i + 1] = (byte)(inBlock ? 20 * variant : y * 4);
                rgb[i + 2] = (byte)((x + y + (variant * 50)) % 256);
            }
        }

        return rgb;
    }
}
