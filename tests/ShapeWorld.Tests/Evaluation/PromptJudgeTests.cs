using DataForge.ShapeWorld.Detection;
using DataForge.ShapeWorld.Evaluation;
using Xunit.Abstractions;

namespace DataForge.ShapeWorld.Tests.Evaluation;

public sealed class PromptJudgeTests(ITestOutputHelper output)
{
    [Fact]
    public void Judge_GroundTruthRendersOfThePrompts_ScoreNearlyOne()
    {
        var generated = PromptSetGenerator.Generate(200, 0);
        var judged = generated.Select(g => Judge(g.Prompt, g.RenderReference(), g.Prompt.Id)).ToList();
        var summary = JudgeSummary.Of(generated.Select(g => g.Prompt).ToList(), judged, 1000, 0);
        output.WriteLine($"overall {summary.Overall}");
        foreach (var (a, i) in summary.ByAttribute)
        {
            output.WriteLine($"{a}: {i}");
        }

        Assert.True(summary.Overall.Mean >= 0.97, $"overall {summary.Overall.Mean:F3}");
        Assert.All(summary.ByAttribute.Values, i => Assert.True(i.Mean >= 0.97, i.ToString()));
        Assert.InRange(summary.Overall.Low, 0.9, summary.Overall.Mean);
    }

    [Fact]
    public void Judge_RendersOfOtherPrompts_ScoreLow()
    {
        // Each render judged against the next prompt of another task: shapes, colours and counts then rarely agree.
        var generated = PromptSetGenerator.Generate(200, 0);
        var prompts = generated.Select(g => g.Prompt).ToList();
        var judged = prompts.Select((p, i) => Judge(p, generated[(i + 1) % prompts.Count].RenderReference(), p.Id)).ToList();
        var summary = JudgeSummary.Of(prompts, judged, 1000, 0);
        output.WriteLine($"overall {summary.Overall}");
        Assert.True(summary.Overall.High <= 0.15, $"mismatched overall {summary.Overall}");
    }

    [Fact]
    public void Judge_CountsExactly_AndChecksColourAndCellPerObject()
    {
        var circle = new DetectedObject(ShapeKind.Circle, "red", ShapeSize.Small, 0.2, 0.2, 90, 0.02);
        var counting = new EvalPrompt("p", PromptTask.Counting, [new PromptObject(ShapeKind.Circle, "red", 2, null)], "two red circles", "d");
        Assert.False(PromptJudge.Judge(counting, [circle])[JudgedAttribute.Object]);
        var two = PromptJudge.Judge(counting, [circle, circle with { CenterX = 0.8, ColorName = "blue" }]);
        Assert.True(two[JudgedAttribute.Object] && two[JudgedAttribute.Count]);
        Assert.False(two[JudgedAttribute.Color]);
        Assert.False(PromptJudge.Judge(counting, [circle, circle, circle])[JudgedAttribute.Count]);

        var position = new EvalPrompt("q", PromptTask.Position, [new PromptObject(ShapeKind.Circle, "red", 1, "top left"), new PromptObject(ShapeKind.Star, "blue", 1, "bottom")], "s", "d");
        var star = new DetectedObject(ShapeKind.Star, "blue", ShapeSize.Large, 0.5, 0.5, 120, 0.02);
        var judged = PromptJudge.Judge(position, [circle, star]);
        Assert.True(judged[JudgedAttribute.Object] && judged[JudgedAttribute.Color]);
        Assert.False(judged[JudgedAttribute.Position]);
        Assert.True(PromptJudge.Judge(position, [circle, star with { CenterY = 0.85 }])[JudgedAttribute.Position]);
        Assert.DoesNotContain(JudgedAttribute.Count, judged.Keys);
    }

    private static ImageJudgement Judge(EvalPrompt prompt, byte[] rgb, string id)
    {
        var detections = ShapeDetector.Detect(rgb);
        return new ImageJudgement(id + ".png", prompt.Id, "short", PromptJudge.Judge(prompt, detections), detections);
    }
}
