using System.CommandLine;
using System.Text;
using DataForge.Cli.Commands;

namespace DataForge.Cli.Tests.Commands;

/// <summary>Issue #19: every command's help ends with real examples, and every example is a valid command line.</summary>
public sealed class CommandExamplesTests
{
    [Fact]
    public void EveryCommand_HasExamples()
    {
        var paths = Paths(Root(), "").ToList();

        Assert.All(paths, p => Assert.True(CommandExamples.All.ContainsKey(p), $"'dataforge {p}' has no examples"));
        Assert.All(CommandExamples.All.Keys, k => Assert.Contains(k, paths.Append("")));
    }

    [Fact]
    public void EveryExample_ParsesWithoutErrors()
    {
        foreach (var example in CommandExamples.All.Values.SelectMany(e => e))
        {
            var words = Words(example);
            Assert.Equal("dataforge", words[0]);

            var parse = Root().Parse(words[1..]);

            Assert.True(parse.Errors.Count == 0, $"{example}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public async Task Help_EndsWithTheCommandsExamples()
    {
        var (code, output, _) = await CliRun.RunAsync("manifest", "verify", "--help");

        Assert.Equal(0, code);
        var tail = output.TrimEnd().Split('\n')[^3..].Select(l => l.Trim()).ToArray();
        Assert.Equal(["Examples:", .. CommandExamples.All["manifest verify"]], tail);
    }

    private static RootCommand Root() => CliApplication.Build(new CliContext(TextWriter.Null, TextWriter.Null, verbose: false));

    private static IEnumerable<string> Paths(Command command, string prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            var path = prefix.Length == 0 ? sub.Name : prefix + " " + sub.Name;
            yield return path;
            foreach (var nested in Paths(sub, path))
            {
                yield return nested;
            }
        }
    }

    // Splits as a shell would for these examples: spaces separate words, double quotes group them.
    private static string[] Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }
}
