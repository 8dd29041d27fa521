using DataForge.Core.Shards;
using DataForge.Ingest.Inputs;

namespace DataForge.Ingest.Output;

/// <summary>Collects finished rows column by column until a row group is full.</summary>
internal sealed class ShardRowBuffer
{
    private readonly IngestSchema _schema;
    private readonly List<(InputRecord Record, string Key, RowOutcome Outcome, object?[] Trailing)> _rows = [];

    public ShardRowBuffer(IngestSchema schema) => _schema = schema;

    public int Count => _rows.Count;

    public void Add(InputRecord record, string key, RowOutcome outcome, object?[] trailing) => _rows.Add((record, key, outcome, trailing));

    public ShardTable Drain()
    {
        var specs = _schema.Columns;
        var arrays = specs.Select(s => Array.CreateInstance(s.ElementType, _rows.Count)).ToArray();
        var leading = _schema.Input.Leading.Count;
        var trailingStart = leading + ShardColumns.ImageShardBase.Count + IngestSchema.Extras.Count;
        for (var r = 0; r < _rows.Count; r++)
        {
            var (record, key, outcome, trailing) = _rows[r];
            for (var c = 0; c < leading; c++)
            {
                arrays[c].SetValue(record.Leading[c], r);
            }

            var c0 = leading;
            ((string?[])arrays[c0++])[r] = key;
            ((string?[])arrays[c0++])[r] = outcome.Status;
            ((string?[])arrays[c0++])[r] = outcome.ErrorMessage;
            ((int?[])arrays[c0++])[r] = outcome.Width;
            ((int?[])arrays[c0++])[r] = outcome.Height;
            ((int?[])arrays[c0++])[r] = outcome.OriginalWidth;
            ((int?[])arrays[c0++])[r] = outcome.OriginalHeight;
            ((string?[])arrays[c0++])[r] = outcome.Exif;
            ((string?[])arrays[c0++])[r] = outcome.Sha256;
            ((long?[])arrays[c0++])[r] = outcome.PerceptualHash;
            ((byte[]?[])arrays[c0++])[r] = outcome.ColorSignature;
            ((int?[])arrays[c0])[r] = outcome.Orientation;
            for (var t = 0; t < _schema.Input.Trailing.Count; t++)
            {
                arrays[trailingStart + t].SetValue(t < trailing.Length ? trailing[t] : null, r);
            }

            ((byte[]?[])arrays[^1])[r] = outcome.Status == RowStatus.Success ? outcome.Image : null;
        }

        _rows.Clear();
        return new ShardTable(specs.Select((s, i) => new ShardColumn(s, arrays[i])));
    }
}
