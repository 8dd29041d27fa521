using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Core.Tests.Shards;

public sealed class ShardFileWriterTests
{
    private static ShardTable SampleTable(int rows)
    {
        var keys = new string?[rows];
        var status = new string?[rows];
        var errors = new string?[rows];
        var widths = new int?[rows];
        var bytes = new byte[]?[rows];
        var big = new long?[rows];
        var scores = new float?[rows];
        var seconds = new double?[rows];
        var flags = new bool?[rows];
        for (var i = 0; i < rows; i++)
        {
            keys[i] = SampleKey.Format(3, i, 10_000);
            var ok = i % 3 != 0;
            status[i] = ok ? RowStatus.Success : RowStatus.FailedToDownload;
            errors[i] = ok ? null : $"HTTP Error 404: Not Found ({i})";
            widths[i] = ok ? 100 + i : null;
            bytes[i] = ok ? [(byte)i, 0xFF, 0xD8] : null;
            big[i] = ok ? (1L << 40) + i : null;
            scores[i] = ok ? i / 4f : null;
            seconds[i] = i * 0.5;
            flags[i] = i % 2 == 0;
        }

        return new ShardTable(
        [
            ShardColumn.Of("key", keys), ShardColumn.Of("status", status), ShardColumn.Of("error_message", errors),
            ShardColumn.Of("width", widths), ShardColumn.Of("jpg", bytes), ShardColumn.Of("big", big),
            ShardColumn.Of("score", scores), ShardColumn.Of("seconds", seconds), ShardColumn.Of("flag", flags),
        ]);
    }

    [Fact]
    public async Task WriteTableAsync_AllColumnTypes_DuckDbReadsSameValuesAndTypes()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("00003.parquet");
        await ShardFileWriter.WriteTableAsync(path, SampleTable(1000), rowGroupSize: 300);

        var columns = DuckDb.Columns(path);
        Assert.Equal(
            ["key", "status", "error_message", "width", "jpg", "big", "score", "seconds", "flag"],
            columns.Select(c => c.Name));
        Assert.Equal(
            ["VARCHAR", "VARCHAR", "VARCHAR", "INTEGER", "BLOB", "BIGINT", "FLOAT", "DOUBLE", "BOOLEAN"],
            columns.Select(c => c.Type));

        var p = DuckDb.Escape(path);
        Assert.Equal(1000L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{p}')"));
        Assert.Equal(334L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{p}') WHERE status = 'failed_to_download' AND jpg IS NULL AND width IS NULL"));
        var row = DuckDb.Query($"SELECT key, width, jpg, big, score, seconds, flag, error_message FROM read_parquet('{p}') WHERE key = '000030007'").Single();
        Assert.Equal(107, row[1]);
        Assert.Equal(new byte[] { 7, 0xFF, 0xD8 }, ReadBlob(row[2]));
        Assert.Equal((1L << 40) + 7, row[3]);
        Assert.Equal(7 / 4f, row[4]);
        Assert.Equal(3.5, row[5]);
        Assert.Equal(false, row[6]);
        Assert.Null(row[7]);
        Assert.Equal(4L, DuckDb.Scalar($"SELECT count(*) FROM parquet_metadata('{p}') WHERE path_in_schema = 'key'"));
    }

    [Fact]
    public async Task WriteTableAsync_ThenRead_RoundTripsThroughParquetNet()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("00000.parquet");
        var table = SampleTable(257);
        await ShardFileWriter.WriteTableAsync(path, table, rowGroupSize: 100);

        await using var reader = await ShardFileReader.OpenAsync(path);
        Assert.Equal(3, reader.RowGroupCount);
        var read = await reader.ReadAllAsync();
        Assert.Equal(table.Schema, read.Schema);
        foreach (var column in table.Columns)
        {
            var actual = read.GetColumn(column.Name).Values;
            for (var i = 0; i < table.RowCount; i++)
            {
                Assert.Equal(column.GetValue(i), actual.GetValue(i));
            }
        }
    }

    [Fact]
    public async Task Writer_AbandonedWithoutCommit_LeavesNoFileThatLooksComplete()
    {
        using var dir = new TempDirectory();
        var set = new ShardSet(dir.Path);
        var writer = await ShardFileWriter.CreateAsync(set.DataPath(0), SampleTable(1).Schema);
        await writer.WriteAsync(SampleTable(600));

        // A SIGKILL runs no more code: the writer is neither committed nor disposed.
        Assert.False(File.Exists(set.DataPath(0)));
        Assert.Empty(set.ListDataShards());
        Assert.Single(Directory.GetFiles(dir.Path), f => f.Contains(ShardNaming.TemporaryMarker, StringComparison.Ordinal));

        await writer.DisposeAsync();
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Writer_CancelledMidWrite_RemovesTemporary()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("00001.parquet");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ShardFileWriter.WriteTableAsync(path, SampleTable(50), 10, cts.Token));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task DeleteStaleTemporaries_RemovesAbandonedTemporariesButNotOnesALiveWriterHolds()
    {
        // Given a finished shard, a writer still writing shard 1, and the temporary of a writer that died (no lock)
        using var dir = new TempDirectory();
        var set = new ShardSet(dir.Path);
        await ShardFileWriter.WriteTableAsync(set.DataPath(0), SampleTable(3));
        await using var live = await ShardFileWriter.CreateAsync(set.DataPath(1), SampleTable(1).Schema);
        await live.WriteAsync(SampleTable(5));
        var abandoned = AtomicFile.TemporaryPathFor(set.DataPath(2));
        File.WriteAllText(abandoned, "half a shard");

        // When another worker cleans the folder
        var removed = AtomicFile.DeleteStaleTemporaries(dir.Path);

        // Then only the abandoned file went; the live writer still commits its shard
        Assert.Equal(1, removed);
        Assert.False(File.Exists(abandoned));
        await live.CommitAsync();
        Assert.Equal([0, 1], set.ListDataShards());
    }

    [Fact]
    public void DeleteStaleTemporaries_WithAMinimumAge_LeavesYoungFiles()
    {
        using var dir = new TempDirectory();
        var young = AtomicFile.TemporaryPathFor(dir.Combine("00003.parquet"));
        File.WriteAllText(young, "just created");

        Assert.Equal(0, AtomicFile.DeleteStaleTemporaries(dir.Path, minimumAge: TimeSpan.FromMinutes(1)));
        File.SetLastWriteTimeUtc(young, DateTime.UtcNow.AddMinutes(-2));
        Assert.Equal(1, AtomicFile.DeleteStaleTemporaries(dir.Path, minimumAge: TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task WriteAsync_ColumnOutsideSchema_IsRefusedNotDropped()
    {
        using var dir = new TempDirectory();
        await using var writer = await ShardFileWriter.CreateAsync(dir.Combine("00000.parquet"), [new("key", ShardColumnType.String)]);
        var table = new ShardTable([ShardColumn.Of("key", new string?[] { "a" }), ShardColumn.Of("extra", new int?[] { 1 })]);
        await Assert.ThrowsAsync<Core.Errors.ShardFormatException>(() => writer.WriteAsync(table));
    }

    private static byte[] ReadBlob(object? value) => value switch
    {
        byte[] b => b,
        Stream s => ReadAll(s),
        _ => throw new InvalidOperationException($"unexpected blob type {value?.GetType()}"),
    };

    private static byte[] ReadAll(Stream s)
    {
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
