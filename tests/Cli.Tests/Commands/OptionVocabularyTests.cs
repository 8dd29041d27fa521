using System.CommandLine;
using DataForge.Cli.Common;
using DataForge.Ingest;

namespace DataForge.Cli.Tests.Commands;

/// <summary>Issue #19: one concept, one option name, in every command (the test walks the real command tree).</summary>
public sealed class OptionVocabularyTests
{
    // Spellings that other commands or tools use for a concept that has one DataForge name.
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["--out"] = "--output",
        ["--output-dir"] = "--output",
        ["--shards"] = "--input",
        ["--features"] = "--input",
        ["--models"] = "--model",
        ["--column"] = "--caption-column",
        ["--caption-col"] = "--caption-column",
        ["--threads"] = "--parallelism",
        ["--workers"] = "--parallelism",
    };

    // The short alias each vocabulary option carries wherever it appears, and which no other option may take.
    private static readonly Dictionary<string, string> ShortAliases = new(StringComparer.Ordinal)
    {
        ["--input"] = "-i",
        ["--output"] = "-o",
        ["--parallelism"] = "-j",
    };

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Walk(Root()))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryOption_UsesTheSharedVocabulary(string path)
    {
        var command = Walk(Root()).Single(c => c.Path == path).Command;
        foreach (var option in command.Options)
        {
            Assert.False(Synonyms.TryGetValue(option.Name, out var wanted), $"{path} {option.Name}: call it {wanted}");
            Assert.False(option.Name.EndsWith("-col", StringComparison.Ordinal), $"{path} {option.Name}: spell it -column");
            Assert.False(option.Name.EndsWith("-out", StringComparison.Ordinal), $"{path} {option.Name}: spell it -output");
            if (ShortAliases.TryGetValue(option.Name, out var alias))
            {
                Assert.True(option.Aliases.Contains(alias), $"{path} {option.Name} lacks {alias}");
            }

            foreach (var (name, shortAlias) in ShortAliases.Where(p => p.Key != option.Name))
            {
                Assert.False(option.Aliases.Contains(shortAlias), $"{path} {option.Name} takes {shortAlias}, which means {name}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryBoolOptionOnByDefault_ShowsItAndHasAnOffSwitch(string path)
    {
        var command = Walk(Root()).Single(c => c.Path == path).Command;
        foreach (var option in command.Options.OfType<Option<bool>>().Where(o => o.HasDefaultValue && o.GetDefaultValue() is true))
        {
            Assert.Contains("[default: true", option.Description, StringComparison.Ordinal);
            Assert.Contains(command.Options, o => o.Name == "--no-" + option.Name[2..]);
        }
    }

    [Fact]
    public async Task Switch_NoForm_TurnsTheDefaultOff_AndBothFormsAreRefused()
    {
        var on = new SwitchOption("--extract-exif", "Store EXIF.", defaultValue: true);
        var command = new RootCommand();
        on.AddTo(command);

        Assert.True(on.Get(command.Parse([])));
        Assert.False(on.Get(command.Parse(["--no-extract-exif"])));
        Assert.False(on.Get(command.Parse(["--extract-exif", "false"])));
        Assert.Throws<Core.Errors.OptionsValidationException>(() => on.Get(command.Parse(["--extract-exif", "--no-extract-exif"])));
        var (code, _, _) = await CliRun.RunAsync("ingest", "--input", "x", "--no-extract-exif", "--help");
        Assert.Equal(0, code);
    }

    [Theory]
    [InlineData("keep_ratio", ImageResizeMode.KeepRatio)]
    [InlineData("keep_ratio_largest", ImageResizeMode.KeepRatioLargest)]
    [InlineData("center_crop", ImageResizeMode.CenterCrop)]
    [InlineData("border", ImageResizeMode.Border)]
    [InlineData("no", ImageResizeMode.No)]
    [InlineData("KeepRatio", ImageResizeMode.KeepRatio)]
    public void ResizeMode_AcceptsImg2datasetSpellings(string word, ImageResizeMode expected)
    {
        var parse = CliApplication.Build(new CliContext(TextWriter.Null, TextWriter.Null, verbose: false))
            .Parse(["ingest", "--input", "urls.txt", "--resize-mode", word]);

        Assert.Empty(parse.Errors);
        Assert.Equal(expected, parse.GetValue<ImageResizeMode>("--resize-mode"));
    }

    [Fact]
    public async Task ResizeMode_UnknownWord_IsAUsageErrorListingBothSpellings()
    {
        var (code, _, error) = await CliRun.RunAsync("ingest", "--input", "urls.txt", "--resize-mode", "stretch");

        Assert.Equal(Core.Errors.ExitCodes.Usage, code);
        Assert.Contains("'stretch' is not a resize mode", error, StringComparison.Ordinal);
        Assert.Contains("keep_ratio_largest", error, StringComparison.Ordinal);
    }

    private static RootCommand Root() => CliApplication.Build(new CliContext(TextWriter.Null, TextWriter.Null, verbose: false));

    private static IEnumerable<(string Path, Command Command)> Walk(Command command, string prefix = "dataforge")
    {
        foreach (var sub in command.Subcommands)
        {
            var path = prefix + " " + sub.Name;
            yield return (path, sub);
            foreach (var nested in Walk(sub, path))
            {
                yield return nested;
            }
        }
    }
}
