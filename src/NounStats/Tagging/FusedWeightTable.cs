using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace DataForge.NounStats.Tagging;

/// <summary>
/// The decoder's read-only copy of the weights: one open-addressing table of 16-byte buckets
/// <c>[key, header, entry, entry]</c>, where an entry is <c>(weight &lt;&lt; 8) | tag</c>. Every stored row of the shipped
/// model has at least two entries (a perceptron update rewards one tag and penalises another) and about 70% have
/// exactly two, so those rows live inside their bucket and cost one cache miss instead of two (bucket, then row);
/// longer rows keep their entries in an overflow array the header points to.
/// </summary>
internal sealed class FusedWeightTable
{
    private const int BucketInts = 4;
    private const int InlineEntries = 2;

    // Bucket ints: [0] key, [1] header = (overflow start << 8) | length, 0 for an empty bucket, [2..3] inline entries.
    private readonly int[] _buckets;
    private readonly int[] _overflow;
    private readonly uint _mask;
    private readonly int _tagCount;

    /// <summary>Builds the table from rows: row <c>r</c> has key <c>keys[r]</c> (unique) and entries <c>rowStart[r]..rowStart[r + 1]</c>.</summary>
    /// <exception cref="InvalidDataException">A tag is outside the tag set, or the rows are too many or too long for the packed layout.</exception>
    public FusedWeightTable(uint[] keys, int[] rowStart, byte[] entryTags, short[] entryWeights, int tagCount)
    {
        // Score adds through unchecked pointers, so a tag outside the score vector must be refused here.
        _tagCount = tagCount;
        if (tagCount <= byte.MaxValue && entryTags.AsSpan(0, rowStart[keys.Length]).IndexOfAnyInRange((byte)tagCount, byte.MaxValue) >= 0)
        {
            throw new InvalidDataException($"The model has a weight for a tag outside its {tagCount} tags.");
        }

        var capacity = 16;
        while (capacity < keys.Length * 2)
        {
            capacity <<= 1;
        }

        _buckets = new int[capacity * BucketInts];
        _mask = (uint)capacity - 1;
        var overflow = new List<int>();
        for (var row = 0; row < keys.Length; row++)
        {
            var start = rowStart[row];
            var length = rowStart[row + 1] - start;
            if (length == 0)
            {
                // A row without weights adds nothing; leaving it out keeps "header 0" meaning "empty bucket".
                continue;
            }

            if (length > byte.MaxValue || overflow.Count >= 1 << 23)
            {
                throw new InvalidDataException("The model has rows too long or too many weights for the packed layout.");
            }

            var bucket = keys[row] & _mask;
            while (_buckets[(int)bucket * BucketInts + 1] != 0)
            {
                bucket = (bucket + 1) & _mask;
            }

            var at = (int)bucket * BucketInts;
            _buckets[at] = (int)keys[row];
            if (length <= InlineEntries)
            {
                _buckets[at + 1] = length;
                for (var e = 0; e < length; e++)
                {
                    _buckets[at + 2 + e] = Pack(entryTags[start + e], entryWeights[start + e]);
                }
            }
            else
            {
                _buckets[at + 1] = (overflow.Count << 8) | length;
                for (var e = start; e < start + length; e++)
                {
                    overflow.Add(Pack(entryTags[e], entryWeights[e]));
                }
            }
        }

        _overflow = [.. overflow];
    }

    /// <summary>Adds the weights of <paramref name="features"/> to <paramref name="scores"/> (indexed by tag).</summary>
    /// <exception cref="ArgumentException"><paramref name="scores"/> is shorter than the tag set.</exception>
    public unsafe void Score(ReadOnlySpan<uint> features, Span<int> scores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scores.Length, _tagCount, nameof(scores));

        // The table is several MB, so each probe is a cache miss; prefetching every bucket first overlaps them, and a
        // long row's entries are prefetched when its bucket is read and added at the end.
        Span<int> longRows = stackalloc int[features.Length];
        var pending = 0;
        fixed (int* buckets = _buckets)
        fixed (int* overflow = _overflow)
        fixed (int* score = scores)
        {
            if (Sse.IsSupported)
            {
                foreach (var key in features)
                {
                    Sse.Prefetch0(buckets + ((key & _mask) * BucketInts));
                }
            }

            foreach (var key in features)
            {
                var bucket = key & _mask;
                while (true)
                {
                    var at = buckets + (bucket * BucketInts);
                    var header = at[1];
                    if (header == 0)
                    {
                        break;
                    }

                    if ((uint)at[0] == key)
                    {
                        if (header <= InlineEntries)
                        {
                            Add(score, at[2]);
                            if (header == InlineEntries)
                            {
                                Add(score, at[3]);
                            }
                        }
                        else
                        {
                            longRows[pending++] = header;
                            if (Sse.IsSupported)
                            {
                                Sse.Prefetch0(overflow + (header >> 8));
                            }
                        }

                        break;
                    }

                    bucket = (bucket + 1) & _mask;
                }
            }

            for (var r = 0; r < pending; r++)
            {
                var header = longRows[r];
                var entries = overflow + (header >> 8);
                var length = header & 0xFF;
                for (var e = 0; e < length; e++)
                {
                    Add(score, entries[e]);
                }
            }
        }
    }

    /// <summary>Starts loading the buckets of <paramref name="features"/> into cache, ahead of a later <see cref="Score"/>.</summary>
    public unsafe void Prefetch(ReadOnlySpan<uint> features)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        fixed (int* buckets = _buckets)
        {
            foreach (var key in features)
            {
                Sse.Prefetch0(buckets + ((key & _mask) * BucketInts));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Add(int* score, int entry) => score[entry & 0xFF] += entry >> 8;

    private static int Pack(byte tag, short weight) => (weight << 8) | tag;
}
