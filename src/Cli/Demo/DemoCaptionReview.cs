using System.Net;
using System.Text;
using DataForge.Core.Shards;
using DataForge.NounStats.Counting;
using DataForge.NounStats.Reports;
using DataForge.ShapeWorld;

namespace DataForge.Cli.Demo;

/// <summary>
/// Reads the demo's captioned rows back: the successful ones with their images and both captions, the caption
/// quality measured against each scene's true graph, and an HTML page showing every image with its two captions
/// and the nouns Table 1 counts marked.
/// </summary>
internal static class DemoCaptionReview
{
    /// <summary>Reads every successfully captioned row, in shard and row order.</summary>
    /// <param name="captionedDirectory">The caption stage's shard folder.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows, with their URLs.</returns>
    public static async Task<List<(string Url, DemoExample Example)>> ReadAsync(string captionedDirectory, CancellationToken cancellationToken)
    {
        var shards = new ShardSet(captionedDirectory);
        var rows = new List<(string, DemoExample)>();
        string[] columns = [ShardColumns.Key, ShardColumns.Url, ShardColumns.Caption, ShardColumns.DenseCaption, ShardColumns.CaptionStatus, ShardColumns.Png];
        foreach (var id in shards.ListDoneShards())
        {
            var table = await ShardFileReader.ReadTableAsync(shards.DataPath(id), columns, cancellationToken).ConfigureAwait(false);
            var (keys, urls, alts, dense, status, png) = (table.Get<string>(columns[0]), table.Get<string>(columns[1]), table.Get<string>(columns[2]),
                table.Get<string>(columns[3]), table.Get<string>(columns[4]), table.Get<byte[]>(columns[5]));
            for (var i = 0; i < table.RowCount; i++)
            {
                if (status[i] == "success" && dense[i] is { } d && png[i] is { } image)
                {
                    rows.Add((urls[i]!, new DemoExample(keys[i]!, image, alts[i] ?? "", d)));
                }
            }
        }

        return rows;
    }

    /// <summary>Scores the dense captions against the scenes they describe.</summary>
    /// <param name="rows">Captioned rows.</param>
    /// <param name="truth">Each served URL's true scene graph.</param>
    /// <returns>The quality report.</returns>
    public static CaptionQualityReport Score(IEnumerable<(string Url, DemoExample Example)> rows, IReadOnlyDictionary<string, SceneGraph> truth)
    {
        var scorer = new CaptionQualityScorer();
        foreach (var (url, example) in rows)
        {
            scorer.Add(truth[url], SceneGraphParser.Parse(example.DenseCaption));
        }

        return scorer.Report();
    }

    /// <summary>Writes the HTML page.</summary>
    /// <param name="path">The file.</param>
    /// <param name="rows">Captioned rows.</param>
    /// <param name="model">The captioning model's folder, named on the page.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public static async Task WriteHtmlAsync(string path, IEnumerable<DemoExample> rows, string model, CancellationToken cancellationToken)
    {
        using var nouns = new NounExtractor();
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>DataForge demo: alt-text vs dense captions</title>\n")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:6px;vertical-align:top}")
            .Append("img{width:128px;height:128px;image-rendering:pixelated}mark{background:#ffe08a}mark.propn{background:#c9e4ff}</style></head><body>\n")
            .Append("<h1>Alt-text vs dense captions</h1>\n<p>Captioned by ").Append(WebUtility.HtmlEncode(model))
            .Append(". Highlighted: the nouns Table 1 counts (blue: proper nouns).</p>\n<table><tr><th>Image</th><th>Alt-text</th><th>Dense caption</th></tr>\n");
        foreach (var row in rows)
        {
            html.Append("<tr><td><img alt=\"").Append(WebUtility.HtmlEncode(row.Key)).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(row.Image)).Append("\"></td><td>")
                .Append(NounHighlighter.ToHtml(nouns.FindNouns(row.AltText))).Append("</td><td>")
                .Append(NounHighlighter.ToHtml(nouns.FindNouns(row.DenseCaption))).Append("</td></tr>\n");
        }

        html.Append("</table></body></html>\n");
        await File.WriteAllTextAsync(path, html.ToString(), cancellationToken).ConfigureAwait(false);
    }
}
