namespace DataForge.ShapeWorld.Evaluation;

/// <summary>
/// Judged images aggregated GenEval-style: each prompt's score is the mean over its images, and every figure is the
/// mean over prompts with a bootstrap 95% interval that resamples prompts (the unit the prompt set was drawn in).
/// Prompts without images are not scored and are listed as missing.
/// </summary>
/// <param name="Overall">Mean prompt score.</param>
/// <param name="ByAttribute">Per attribute, over the prompts that ask it.</param>
/// <param name="ByTask">Per task family.</param>
/// <param name="Prompts">Per prompt scores, in prompt-set order.</param>
/// <param name="MissingPrompts">Ids of prompts of the set that no image was judged for.</param>
/// <param name="Resamples">Bootstrap resamples.</param>
/// <param name="Seed">Bootstrap seed.</param>
public sealed record JudgeSummary(
    BootstrapInterval Overall,
    IReadOnlyDictionary<JudgedAttribute, BootstrapInterval> ByAttribute,
    IReadOnlyDictionary<PromptTask, BootstrapInterval> ByTask,
    IReadOnlyList<PromptScore> Prompts,
    IReadOnlyList<string> MissingPrompts,
    int Resamples,
    int Seed)
{
    /// <summary>Aggregates judged images.</summary>
    /// <param name="prompts">The prompt set.</param>
    /// <param name="images">The judged images (any number per prompt).</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="seed">Bootstrap seed.</param>
    /// <returns>The summary.</returns>
    public static JudgeSummary Of(IReadOnlyList<EvalPrompt> prompts, IReadOnlyList<ImageJudgement> images, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(images);
        var byPrompt = images.GroupBy(i => i.PromptId).ToDictionary(g => g.Key, g => g.ToList());
        var scores = new List<PromptScore>();
        foreach (var prompt in prompts.Where(p => byPrompt.ContainsKey(p.Id)))
        {
            var judged = byPrompt[prompt.Id];
            var attributes = PromptJudge.Asked(prompt.Task).ToDictionary(a => a, a => judged.Average(i => i.Attributes[a] ? 1.0 : 0.0));
            scores.Add(new PromptScore(prompt.Id, prompt.Task, prompt.Short, judged.Count, judged.Average(i => i.Correct ? 1.0 : 0.0), attributes));
        }

        var byAttribute = Enum.GetValues<JudgedAttribute>()
            .Select(a => (a, Values: scores.Where(s => s.Attributes.ContainsKey(a)).Select(s => s.Attributes[a]).ToList()))
            .Where(x => x.Values.Count > 0)
            .ToDictionary(x => x.a, x => BootstrapInterval.Of(x.Values, resamples, seed));
        var byTask = Enum.GetValues<PromptTask>()
            .Select(t => (t, Values: scores.Where(s => s.Task == t).Select(s => s.Score).ToList()))
            .Where(x => x.Values.Count > 0)
            .ToDictionary(x => x.t, x => BootstrapInterval.Of(x.Values, resamples, seed));
        var missing = prompts.Where(p => !byPrompt.ContainsKey(p.Id)).Select(p => p.Id).ToList();
        return new JudgeSummary(BootstrapInterval.Of(scores.Select(s => s.Score).ToList(), resamples, seed), byAttribute, byTask, scores, missing, resamples, seed);
    }
}
