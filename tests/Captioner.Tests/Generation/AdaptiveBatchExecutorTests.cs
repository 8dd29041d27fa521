using DataForge.Captioner.Generation;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataForge.Captioner.Tests.Generation;

public sealed class AdaptiveBatchExecutorTests
{
    [Fact]
    public void Run_AllocationFailureAboveTwoRows_HalvesUntilItFitsAndKeepsEveryResult()
    {
        var executor = new AdaptiveBatchExecutor(8, NullLogger.Instance);
        var seen = new List<int>();

        var results = executor.Run(Enumerable.Range(0, 11).ToList(), (chunk, _) =>
        {
            seen.Add(chunk.Count);
            // Simulates the device running out of memory for batches larger than two rows.
            return chunk.Count > 2 ? throw new OutOfMemoryException("simulated allocation failure") : chunk.Select(i => i * 10).ToList();
        }, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 11).Select(i => i * 10), results);
        Assert.Equal(2, executor.Halvings);
        Assert.Equal(2, executor.BatchSize);
        Assert.Equal([8, 4, 2, 2, 2, 2, 2, 1], seen);
    }

    [Fact]
    public void RunContinuous_AllocationFailure_HalvesTheSlotsAndRunsEveryItemAgain()
    {
        var executor = new AdaptiveBatchExecutor(8, NullLogger.Instance);
        var slotsSeen = new List<int>();

        var results = executor.RunContinuous(Enumerable.Range(0, 11).ToList(), (items, slots, _) =>
        {
            slotsSeen.Add(slots);
            return slots > 2 ? throw new OutOfMemoryException("simulated allocation failure") : items.Select(i => i * 10).ToList();
        }, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 11).Select(i => i * 10), results);
        Assert.Equal([8, 4, 2], slotsSeen);
        Assert.Equal(2, executor.Halvings);
    }

    [Fact]
    public void Run_OtherErrors_AreNotRetried()
    {
        var executor = new AdaptiveBatchExecutor(4, NullLogger.Instance);
        var calls = 0;
        Assert.Throws<InvalidOperationException>(() => executor.Run([1, 2, 3], (chunk, _) =>
        {
            calls++;
            return calls > 0 ? throw new InvalidOperationException("bug") : chunk;
        }, CancellationToken.None));
        Assert.Equal(1, calls);
        Assert.Equal(0, executor.Halvings);
    }

    [Fact]
    public void Run_AllocationFailureAtBatchOne_GivesUp()
    {
        var executor = new AdaptiveBatchExecutor(1, NullLogger.Instance);
        Assert.Throws<OutOfMemoryException>(() => executor.Run<int, int>([1], (_, _) => throw new OutOfMemoryException(), CancellationToken.None));
    }
}
