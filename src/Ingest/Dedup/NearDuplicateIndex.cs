using DataForge.Ingest.Imaging;

namespace DataForge.Ingest.Dedup;

/// <summary>
/// Perceptual hashes of processed images in a BK-tree over Hamming distance, each with its colour signature. An
/// image is a near-duplicate when an earlier one is within <c>maxDistance</c> bits of pHash <em>and</em> within
/// <c>maxColorDistance</c> in colour; duplicates are indexed too (single-linkage), so a slowly panning shot is
/// caught frame by frame although its first and last frames differ more than the limit. Thread-safe.
/// </summary>
internal sealed class NearDuplicateIndex(int maxDistance, double maxColorDistance)
{
    private readonly Lock _gate = new();
    private Node? _root;

    public int Count { get; private set; }

    /// <summary>Looks for an earlier near-duplicate, then indexes this image either way (atomically).</summary>
    /// <returns>The nearest earlier match (key, bits, colour distance), or null when the image is new.</returns>
    public (string Key, int Distance, double ColorDistance)? FindAndAdd(long hash, byte[]? signature, string key)
    {
        lock (_gate)
        {
            var match = Find(hash, signature);
            Add(hash, signature, key);
            return match;
        }
    }

    /// <summary>Indexes an image without looking (rows written by earlier runs).</summary>
    public void Add(long hash, byte[]? signature, string key)
    {
        lock (_gate)
        {
            Count++;
            var fresh = new Node(hash, signature, key);
            if (_root is null)
            {
                _root = fresh;
                return;
            }

            var node = _root;
            while (true)
            {
                var distance = PerceptualHash.Distance(node.Hash, hash);
                if (!node.Children.TryGetValue(distance, out var child))
                {
                    node.Children[distance] = fresh;
                    return;
                }

                node = child;
            }
        }
    }

    private (string Key, int Distance, double ColorDistance)? Find(long hash, byte[]? signature)
    {
        (string Key, int Distance, double ColorDistance)? best = null;
        if (_root is null)
        {
            return null;
        }

        var pending = new Stack<Node>();
        pending.Push(_root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            var distance = PerceptualHash.Distance(node.Hash, hash);
            if (distance <= maxDistance)
            {
                var color = signature is null || node.Signature is null ? 0 : ColorSignature.Distance(node.Signature, signature);
                if (color <= maxColorDistance && (best is null || distance < best.Value.Distance || (distance == best.Value.Distance && string.CompareOrdinal(node.Key, best.Value.Key) < 0)))
                {
                    best = (node.Key, distance, color);
                }
            }

            foreach (var (edge, child) in node.Children)
            {
                // Triangle inequality: only subtrees whose edge is within maxDistance of ours can hold a match.
                if (Math.Abs(edge - distance) <= maxDistance)
                {
                    pending.Push(child);
                }
            }
        }

        return best;
    }

    private sealed class Node(long hash, byte[]? signature, string key)
    {
        public long Hash { get; } = hash;

        public byte[]? Signature { get; } = signature;

        public string Key { get; } = key;

        public Dictionary<int, Node> Children { get; } = [];
    }
}
