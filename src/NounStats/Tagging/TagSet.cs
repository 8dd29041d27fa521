namespace DataForge.NounStats.Tagging;

/// <summary>
/// The tagger's output classes: joint <c>UPOS|XPOS</c> pairs as seen in training (about 100 for EWT), so one
/// greedy decoder predicts both the universal tag and the Penn Treebank tag consistently.
/// </summary>
internal sealed class TagSet
{
    private readonly Dictionary<string, int> _index;

    public TagSet(IReadOnlyList<string> jointTags)
    {
        if (jointTags.Count > byte.MaxValue)
        {
            throw new ArgumentException($"At most {byte.MaxValue} tags are supported, got {jointTags.Count}.", nameof(jointTags));
        }

        Joint = [.. jointTags];
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        Upos = new string[Joint.Length];
        Xpos = new string[Joint.Length];
        IsNoun = new bool[Joint.Length];
        IsCommonNoun = new bool[Joint.Length];
        for (var i = 0; i < Joint.Length; i++)
        {
            _index.Add(Joint[i], i);
            var bar = Joint[i].IndexOf('|', StringComparison.Ordinal);
            Upos[i] = bar < 0 ? Joint[i] : Joint[i][..bar];
            Xpos[i] = bar < 0 ? "_" : Joint[i][(bar + 1)..];
            IsCommonNoun[i] = Upos[i] == "NOUN";
            IsNoun[i] = IsCommonNoun[i] || Upos[i] == "PROPN";
        }
    }

    public string[] Joint { get; }

    public string[] Upos { get; }

    public string[] Xpos { get; }

    /// <summary>Gets, per tag, whether its UPOS is NOUN or PROPN.</summary>
    public bool[] IsNoun { get; }

    /// <summary>Gets, per tag, whether its UPOS is NOUN.</summary>
    public bool[] IsCommonNoun { get; }

    public int Count => Joint.Length;

    public static string JointOf(string upos, string xpos) => upos + "|" + xpos;

    public int IndexOf(string joint) => _index.TryGetValue(joint, out var i) ? i : -1;
}
