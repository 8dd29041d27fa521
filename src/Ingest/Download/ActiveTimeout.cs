namespace DataForge.Ingest.Download;

/// <summary>
/// A time limit that only runs while its request is working: it is paused while the request waits for a per-host
/// slot, so a queue behind one slow host does not use up the timeouts of the requests waiting in it. The request's
/// own time (connect, headers, body, backoff) still counts in full.
/// </summary>
internal sealed class ActiveTimeout : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeProvider _time;
    private TimeSpan _remaining;
    private long _resumedAt;
    private bool _running;

    /// <summary>Starts the clock.</summary>
    /// <param name="limit">The working time allowed.</param>
    /// <param name="time">The clock.</param>
    public ActiveTimeout(TimeSpan limit, TimeProvider time)
    {
        Limit = limit;
        _time = time;
        _remaining = limit;
        _source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        Resume();
    }

    /// <summary>Gets the working time allowed.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Gets a token cancelled when the working time is used up.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Gets whether the working time is used up.</summary>
    public bool Expired => _source.IsCancellationRequested;

    /// <summary>Stops the clock (idempotent).</summary>
    public void Pause()
    {
        if (!_running)
        {
            return;
        }

        _running = false;
        _remaining -= _time.GetElapsedTime(_resumedAt);
        if (_remaining <= TimeSpan.Zero)
        {
            _source.Cancel();
        }
        else
        {
            _source.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Starts the clock again with the time that was left (idempotent).</summary>
    public void Resume()
    {
        if (_running || _source.IsCancellationRequested)
        {
            return;
        }

        _running = true;
        _resumedAt = _time.GetTimestamp();
        _source.CancelAfter(_remaining);
    }

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();
}
