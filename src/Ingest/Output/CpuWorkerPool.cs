using System.Collections.Concurrent;

namespace DataForge.Ingest.Output;

/// <summary>
/// A fixed set of dedicated threads for the image kernel. Running decode/resize/encode on the shared thread pool
/// would occupy the threads that complete HTTP I/O, so downloads would stall (and time out) while images are
/// being resized; here CPU work and I/O never compete for the same threads, and CPU work never exceeds
/// <c>--parallelism</c> threads.
/// </summary>
internal sealed class CpuWorkerPool : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread[] _threads;

    public CpuWorkerPool(int threads)
    {
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"dataforge-ingest-cpu-{i}" };
            _threads[i].Start();
        }
    }

    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                completion.TrySetResult(work());
            }
            catch (Exception ex)
            {
                completion.TrySetException(ex);
            }
        });
        return completion.Task;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _work.Dispose();
    }

    private void Work()
    {
        foreach (var item in _work.GetConsumingEnumerable())
        {
            item();
        }
    }
}
