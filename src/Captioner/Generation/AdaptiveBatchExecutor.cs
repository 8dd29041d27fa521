using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace DataForge.Captioner.Generation;

/// <summary>
/// Runs items through the model in sub-batches; when a sub-batch fails to allocate (GPU or host memory), a Polly
/// retry halves the batch size and carries on from the first unfinished item. The smaller size sticks for the
/// rest of the run, and every halving is logged and counted.
/// </summary>
internal sealed class AdaptiveBatchExecutor
{
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    private int _batchSize;

    public AdaptiveBatchExecutor(int batchSize, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _batchSize = batchSize;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => AllocationFailure.IsAllocationFailure(ex) && _batchSize > 1),
                MaxRetryAttempts = 31,
                Delay = TimeSpan.Zero,
                BackoffType = DelayBackoffType.Constant,
                OnRetry = args =>
                {
                    var previous = _batchSize;
                    _batchSize = Math.Max(1, previous / 2);
                    Halvings++;
                    _logger.LogWarning("Allocation failed at batch size {Previous} ({Reason}); retrying with batch size {Current}",
                        previous, args.Outcome.Exception?.Message.Split('\n')[0], _batchSize);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Gets the batch size now in force.</summary>
    public int BatchSize => _batchSize;

    /// <summary>Gets how many times the batch size was halved.</summary>
    public int Halvings { get; private set; }

    /// <summary>
    /// Runs all items through one continuous-batching call with <see cref="BatchSize"/> slots; an allocation failure
    /// halves the slots and runs the items again (results only come back whole).
    /// </summary>
    public IReadOnlyList<TResult> RunContinuous<TItem, TResult>(IReadOnlyList<TItem> items, Func<IReadOnlyList<TItem>, int, CancellationToken, IReadOnlyList<TResult>> run, CancellationToken cancellationToken) =>
        _pipeline.Execute(token => run(items, _batchSize, token), cancellationToken);

    public TResult[] Run<TItem, TResult>(IReadOnlyList<TItem> items, Func<IReadOnlyList<TItem>, CancellationToken, IReadOnlyList<TResult>> run, CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        var done = 0;
        _pipeline.Execute(token =>
        {
            while (done < items.Count)
            {
                var count = Math.Min(_batchSize, items.Count - done);
                var chunk = new TItem[count];
                for (var i = 0; i < count; i++)
                {
                    chunk[i] = items[done + i];
                }

                var output = run(chunk, token);
                for (var i = 0; i < count; i++)
                {
                    results[done + i] = output[i];
                }

                done += count;
            }
        }, cancellationToken);
        return results;
    }
}
