using DataForge.Trainer.Model;
using DataForge.Trainer.Runtime;
using DataForge.Trainer.Training;
using static TorchSharp.torch;

namespace DataForge.Trainer.Tests.Training;

public sealed class ScheduleAndEmaTests
{
    [Fact]
    public void LearningRate_WarmsUpLinearlyThenStaysConstant()
    {
        Assert.Equal(2e-5 / 1000, LearningRateSchedule.At(2e-5, 0, 1000), 15);
        Assert.Equal(2e-5 * 500 / 1000, LearningRateSchedule.At(2e-5, 499, 1000), 15);
        Assert.Equal(2e-5, LearningRateSchedule.At(2e-5, 999, 1000), 15);
        Assert.Equal(2e-5, LearningRateSchedule.At(2e-5, 50_000, 1000), 15);
    }

    [Fact]
    public void SqrtScaling_IsOffByDefault_AndMatchesOfficialRuleWhenOn()
    {
        Assert.Equal(2e-5, LearningRateSchedule.Scaled(2e-5, 176 * 64, sqrtScaling: false));
        // Stage 2 (176 × 64): 2e-5 · √44 ≈ 1.33e-4, as the notes work out.
        Assert.Equal(2e-5 * Math.Sqrt(44), LearningRateSchedule.Scaled(2e-5, 176 * 64, sqrtScaling: true), 12);
        Assert.False(new TrainOptions().SqrtBatchScaling);
    }

    [Fact]
    public void Ema_OneUpdate_MovesByOneMinusRate()
    {
        TorchRuntime.EnsureLoaded();
        using var model = new PixArtDiT(PixArtConfig.Tiny);
        using var ema = new ExponentialMovingAverage(model, rate: 0.75);
        var name = "blocks.0.attn.qkv.weight";
        var before = model.named_parameters().Single(p => p.name == name).parameter.clone();
        using (no_grad())
        {
            model.named_parameters().Single(p => p.name == name).parameter.add_(1.0);
        }

        ema.Update();
        var averaged = ema.Model.named_parameters().Single(p => p.name == name).parameter;
        Assert.True(averaged.allclose(before + 0.25, atol: 1e-6));
    }
}
