using System.Globalization;

namespace DataForge.NounStats.Conllu;

/// <summary>Reads CoNLL-U files (Universal Dependencies) into sentences; empty nodes (<c>8.1</c>) are skipped.</summary>
internal static class ConlluReader
{
    public static IReadOnlyList<ConlluSentence> ReadFile(string path, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(path);
        return Read(reader, cancellationToken);
    }

    public static IReadOnlyList<ConlluSentence> Read(TextReader reader, CancellationToken cancellationToken = default)
    {
        var sentences = new List<ConlluSentence>();
        var text = string.Empty;
        var tokens = new List<ConlluToken>();
        var words = new List<ConlluWord>();
        var multiwordEnd = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                if (words.Count > 0)
                {
                    sentences.Add(new ConlluSentence(text, tokens, words));
                    cancellationToken.ThrowIfCancellationRequested();
                }

                text = string.Empty;
                tokens = [];
                words = [];
                multiwordEnd = 0;
                continue;
            }

            if (line[0] == '#')
            {
                if (line.StartsWith("# text = ", StringComparison.Ordinal))
                {
                    text = line["# text = ".Length..];
                }

                continue;
            }

            var columns = line.Split('\t');
            if (columns.Length < 5)
            {
                continue;
            }

            var id = columns[0];
            if (id.Contains('.', StringComparison.Ordinal))
            {
                continue;
            }

            var dash = id.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0)
            {
                var first = int.Parse(id.AsSpan(0, dash), CultureInfo.InvariantCulture);
                var last = int.Parse(id.AsSpan(dash + 1), CultureInfo.InvariantCulture);
                tokens.Add(new ConlluToken(columns[1], words.Count, last - first + 1));
                multiwordEnd = last;
                continue;
            }

            var wordId = int.Parse(id, CultureInfo.InvariantCulture);
            if (wordId > multiwordEnd)
            {
                tokens.Add(new ConlluToken(columns[1], words.Count, 1));
            }

            words.Add(new ConlluWord(columns[1], columns[2], columns[3], columns[4]));
        }

        if (words.Count > 0)
        {
            sentences.Add(new ConlluSentence(text, tokens, words));
        }

        return sentences;
    }
}
