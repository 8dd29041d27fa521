namespace DataForge.NounStats.Inputs;

/// <summary>Cuts a stream of rows into units of <see cref="CaptionReader.LinesPerUnit"/> rows named <c>STEM-NNNNN</c>.</summary>
internal sealed class CaptionUnitBuilder(string path)
{
    private readonly string _stem = Path.GetFileNameWithoutExtension(path);
    private readonly List<string?> _captions = [];
    private long _leftOut;
    private int _unit;

    /// <summary>Adds one row; returns a finished unit when this row completes one.</summary>
    /// <param name="caption">The caption.</param>
    /// <param name="counted">Whether the row is counted, rather than left out for its status.</param>
    /// <returns>The finished unit, or <see langword="null"/>.</returns>
    public CaptionBatch? Add(string? caption, bool counted)
    {
        if (counted)
        {
            _captions.Add(caption);
        }
        else
        {
            _leftOut++;
        }

        return _captions.Count + _leftOut == CaptionReader.LinesPerUnit ? Cut() : null;
    }

    /// <summary>Returns the last unit: the rows not yet cut, or an empty unit when the input had no rows at all.</summary>
    /// <returns>The unit, or <see langword="null"/> when every row is already in a returned unit.</returns>
    public CaptionBatch? Finish() => _captions.Count + _leftOut > 0 || _unit == 0 ? Cut() : null;

    private CaptionBatch Cut()
    {
        var batch = new CaptionBatch($"{_stem}-{_unit:D5}", [.. _captions], _leftOut);
        _unit++;
        _captions.Clear();
        _leftOut = 0;
        return batch;
    }
}
