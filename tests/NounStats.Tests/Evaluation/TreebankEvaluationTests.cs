using System.Text.Json;
using DataForge.Core.Errors;
using DataForge.NounStats.Evaluation;
using DataForge.NounStats.Tagging;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests.Evaluation;

public sealed class TreebankEvaluationTests
{
    // Two sentences; the second's "# text" spells "cannot" as one token that UD splits into two words.
    private const string TinyTreebank =
        "# text = The dogs are running in the park.\n"
        + "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
        + "2\tdogs\tdog\tNOUN\tNNS\t_\t4\tnsubj\t_\t_\n"
        + "3\tare\tbe\tAUX\tVBP\t_\t4\taux\t_\t_\n"
        + "4\trunning\trun\tVERB\tVBG\t_\t0\troot\t_\t_\n"
        + "5\tin\tin\tADP\tIN\t_\t7\tcase\t_\t_\n"
        + "6\tthe\tthe\tDET\tDT\t_\t7\tdet\t_\t_\n"
        + "7\tpark\tpark\tNOUN\tNN\t_\t4\tobl\t_\tSpaceAfter=No\n"
        + "8\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
        + "\n"
        + "# text = Cats cannot fly.\n"
        + "1\tCats\tcat\tNOUN\tNNS\t_\t3\tnsubj\t_\t_\n"
        + "2-3\tcannot\t_\t_\t_\t_\t_\t_\t_\t_\n"
        + "2\tcan\tcan\tAUX\tMD\t_\t4\taux\t_\t_\n"
        + "3\tnot\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
        + "4\tfly\tfly\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
        + "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
        + "\n";

    [Fact]
    public async Task EvaluateAsync_TinyTreebank_CountsGoldAndRawTextNouns()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("tiny.conllu");
        await File.WriteAllTextAsync(path, TinyTreebank);

        var report = await TreebankEvaluation.EvaluateAsync(new TreebankEvaluationOptions { TreebankFile = path });

        Assert.Equal(2, report.Sentences);
        Assert.Equal(13, report.Tagging.Words);
        Assert.Equal(3, report.Tagging.Noun.Gold);
        Assert.Equal(0, report.Tagging.ProperNoun.Gold);
        Assert.Equal(3, report.RawTextNouns.Gold);
        Assert.Equal(0, report.RawTextSkippedSentences);
        Assert.Equal(PosTagger.Default.ModelSha256, report.TaggerModelSha256);
    }

    [SharedDataFact]
    public async Task EvaluateAsync_EwtTest_AgreesWithTheTestApiAndReportsRawTextNouns()
    {
        var report = await TreebankEvaluation.EvaluateAsync(new TreebankEvaluationOptions { TreebankFile = NounStatsTestData.EwtTest });
        var direct = TreebankEvaluation.ScoreTagger(PosTagger.Default, NounStatsTestData.EwtTest);

        Assert.Equal(direct, report.Tagging);
        Assert.Equal(2_077, report.Sentences);
        Assert.Equal(4_123, report.Tagging.Noun.Gold);
        Assert.Equal(direct.NounF1, report.Tagging.Noun.F1, 10);
        Assert.True(report.RawTextNouns.F1 >= 94.0, $"raw-text noun F1 {report.RawTextNouns.F1:F2} < 94.0");
        Assert.True(report.RawTextNouns.Gold >= report.Tagging.Noun.Gold + report.Tagging.ProperNoun.Gold - 50);
        using var json = JsonDocument.Parse(report.FormatJson());
        Assert.Equal(report.Tagging.UposAccuracy, json.RootElement.GetProperty("upos_accuracy").GetDouble());
        Assert.Equal(report.RawTextNouns.Matched, json.RootElement.GetProperty("raw_text_nouns").GetProperty("matched").GetInt32());
        Assert.Contains("noun lemma accuracy (gold NOUN words): ", report.FormatText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_MissingFile_IsTreebankOptionError()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => TreebankEvaluation.EvaluateAsync(new TreebankEvaluationOptions { TreebankFile = "/nonexistent/x.conllu" }));

        Assert.Equal("--treebank", error.OptionName);
    }

    [Fact]
    public async Task EvaluateAsync_FileWithoutWords_IsTreebankOptionError()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("notes.txt");
        await File.WriteAllTextAsync(path, "just some text\nwith no tab-separated columns\n");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => TreebankEvaluation.EvaluateAsync(new TreebankEvaluationOptions { TreebankFile = path }));

        Assert.Equal("--treebank", error.OptionName);
        Assert.Contains("no CoNLL-U words", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_GarbageModel_IsUnreadableFile()
    {
        using var temp = new TempDirectory();
        var treebank = temp.Combine("tiny.conllu");
        var model = temp.Combine("model.bin");
        await File.WriteAllTextAsync(treebank, TinyTreebank);
        await File.WriteAllBytesAsync(model, [1, 2, 3]);

        // A corrupt model file is an environment failure (exit 3, issue #19), the same as for counting.
        var error = await Assert.ThrowsAsync<UnreadableFileException>(
            () => TreebankEvaluation.EvaluateAsync(new TreebankEvaluationOptions { TreebankFile = treebank, TaggerModelPath = model }));

        Assert.Equal(model, error.Path);
    }
}
