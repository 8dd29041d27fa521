using DataForge.NounStats.Tagging;

namespace DataForge.NounStats.Tests.Tagging;

public sealed class FusedWeightTableTests
{
    [Fact]
    public void Score_RowsOfEveryLengthWithCollidingKeys_AddsExactlyEachPresentRow()
    {
        // Rows of 1 to 40 entries (inline and overflow), a third of the keys with their low 20 bits zero so lookups walk
        // long probe chains, and queries mixing present and absent keys, checked against a plain dictionary of rows.
        const int TagCount = 102;
        var random = new Random(20);
        var rows = new SortedDictionary<uint, (byte Tag, short Weight)[]>();
        while (rows.Count < 3000)
        {
            var key = rows.Count % 3 == 0 ? (uint)random.Next(1, 1 << 12) << 20 : (uint)random.NextInt64(1, uint.MaxValue);
            var length = random.Next(4) == 0 ? random.Next(3, 41) : random.Next(1, 3);
            rows[key] = [.. Enumerable.Range(0, length).Select(_ => ((byte)random.Next(TagCount), (short)random.Next(short.MinValue, short.MaxValue + 1)))];
        }

        var keys = rows.Keys.ToArray();
        var rowStart = new List<int> { 0 };
        var tags = new List<byte>();
        var weights = new List<short>();
        foreach (var entries in rows.Values)
        {
            tags.AddRange(entries.Select(e => e.Tag));
            weights.AddRange(entries.Select(e => e.Weight));
            rowStart.Add(tags.Count);
        }

        var table = new FusedWeightTable(keys, [.. rowStart], [.. tags], [.. weights], TagCount);
        for (var query = 0; query < 500; query++)
        {
            var features = Enumerable.Range(0, 39)
                .Select(_ => random.Next(3) == 0 ? (uint)random.NextInt64(1, uint.MaxValue) : keys[random.Next(keys.Length)])
                .ToArray();
            var expected = new int[TagCount];
            foreach (var key in features)
            {
                foreach (var (tag, weight) in rows.GetValueOrDefault(key, []))
                {
                    expected[tag] += weight;
                }
            }

            var actual = new int[TagCount];
            table.Score(features, actual);

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Constructor_WeightForTagOutsideTagSet_ThrowsInvalidData()
    {
        var ex = Assert.Throws<InvalidDataException>(() => new FusedWeightTable([7u], [0, 2], [1, 5], [10, -10], tagCount: 5));

        Assert.Contains("outside its 5 tags", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_ScoreVectorShorterThanTagSet_Throws()
    {
        var table = new FusedWeightTable([7u], [0, 2], [1, 4], [10, -10], tagCount: 5);

        Assert.Throws<ArgumentOutOfRangeException>(() => table.Score([7u], new int[4]));
    }
}
