using DataForge.ShapeWorld.Evaluation;

namespace DataForge.ShapeWorld.Tests.Evaluation;

public sealed class PromptSetGeneratorTests
{
    [Fact]
    public void Generate_SameSeed_SamePrompts_AndLargerSetsExtendSmallerOnes()
    {
        var a = PromptSetGenerator.Generate(200, 3).Select(p => p.Prompt).ToList();
        var b = PromptSetGenerator.Generate(240, 3).Select(p => p.Prompt).ToList();
        Assert.Equal(a.Select(p => (p.Short, p.Dense)), b.Take(200).Select(p => (p.Short, p.Dense)));
        var other = PromptSetGenerator.Generate(200, 4).Select(p => p.Prompt.Dense);
        Assert.True(a.Select(p => p.Dense).Zip(other).Count(x => x.First != x.Second) >= 195);
    }

    [Fact]
    public void Generate_200Prompts_CoverEveryTaskEvenly_WithDistinctTexts()
    {
        var prompts = PromptSetGenerator.Generate(200, 0).Select(p => p.Prompt).ToList();
        Assert.All(Enum.GetValues<PromptTask>(), t => Assert.Equal(50, prompts.Count(p => p.Task == t)));
        Assert.Equal(400, prompts.SelectMany(p => new[] { p.Short, p.Dense }).Distinct().Count());
        Assert.Equal(200, prompts.Select(p => p.Id).Distinct().Count());
        Assert.Equal(80, PromptSetGenerator.Generate(PromptSetGenerator.MaxCount, 0).Count(p => p.Prompt.Task == PromptTask.SingleObject));
        var counts = prompts.Where(p => p.Task == PromptTask.Counting).Select(p => p.Objects.Single().Count).ToHashSet();
        Assert.Equal([2, 3, 4], counts.Order());
    }

    [Fact]
    public void Generate_ReferenceScene_SatisfiesThePrompt_AndBothPhrasingsStateIt()
    {
        foreach (var generated in PromptSetGenerator.Generate(120, 1))
        {
            var (prompt, reference) = (generated.Prompt, generated.Reference);
            Assert.Equal(reference.Objects.Count, reference.Objects.Select(o => o.Position).Distinct().Count());

            // The dense phrasing is a gold caption the world's parser reads back to the reference scene's objects.
            var parsed = SceneGraphParser.Parse(prompt.Dense);
            Assert.Equal(
                reference.Objects.Select(o => (o.Shape, o.ColorName, o.Position.Name)).Order(),
                parsed.Objects.Select(o => (o.Shape, o.ColorName, o.Position.Name)).Order());

            foreach (var o in prompt.Objects)
            {
                Assert.Equal(o.Count, reference.Objects.Count(r => r.Shape == o.Shape && r.ColorName == o.Color));
                Assert.Contains(o.Color, prompt.Short, StringComparison.Ordinal);
                Assert.Contains(o.Shape.ToString().ToLowerInvariant(), prompt.Short.Replace("crosses", "cross", StringComparison.Ordinal), StringComparison.Ordinal);
                Assert.Equal(prompt.Task == PromptTask.Position, o.Position is not null);
                if (o.Position is not null)
                {
                    Assert.Contains(reference.Objects, r => r.Shape == o.Shape && r.Position.Name == o.Position);
                }
            }
        }
    }

    [Fact]
    public void Short_Phrasings_ReadAsTheWorldsCaptions()
    {
        var prompts = PromptSetGenerator.Generate(8, 0).Select(p => p.Prompt).ToList();
        Assert.Matches("^an? [a-z]+ [a-z]+$", prompts[0].Short);
        Assert.Matches("^an? [a-z]+ [a-z]+ and an? [a-z]+ [a-z]+$", prompts[1].Short);
        Assert.Matches("^(two|three|four) [a-z]+ [a-z]+$", prompts[2].Short);
        Assert.Matches("^an? [a-z]+ [a-z]+ (in|on|at) the [a-z ]+ and an? [a-z]+ [a-z]+ (in|on|at) the [a-z ]+$", prompts[3].Short);
    }
}
