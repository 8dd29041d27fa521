using System.CommandLine;

namespace DataForge.Cli.Common;

/// <summary>"did you mean" lines for words the parser did not recognise: a misspelt command or option.</summary>
public static class CommandSuggestions
{
    /// <summary>Gets one line per unrecognised word that is close to a command or option of the command it was given to.</summary>
    /// <param name="parse">The failed parse.</param>
    /// <returns>Lines such as <c>did you mean 'ingest'?</c>.</returns>
    public static IEnumerable<string> For(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var command = parse.CommandResult.Command;
        var names = command.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name))
            .Concat(command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var token in parse.UnmatchedTokens.Distinct(StringComparer.Ordinal))
        {
            var best = Closest(token, names);
            if (best is not null)
            {
                yield return $"did you mean '{best}'? ('{token}' is not {(token.StartsWith('-') ? "an option" : "a command")} of '{command.Name}')";
            }
        }
    }

    /// <summary>Gets the candidate closest to a word, when it is close enough to be a typo of it.</summary>
    /// <param name="word">What the user typed.</param>
    /// <param name="candidates">Known names.</param>
    /// <returns>The candidate, or <see langword="null"/>.</returns>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(candidates);
        // A third of the word's length in edits (at least one) catches swapped or dropped letters, not other words.
        var limit = Math.Max(1, word.TrimStart('-').Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(word, candidate);
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    // Optimal string alignment distance: a swap of two neighbours ("ingets") is one edit, as people mistype.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
