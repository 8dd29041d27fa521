using DataForge.Ingest.Download;
using Microsoft.Extensions.Time.Testing;

namespace DataForge.Ingest.Tests.Download;

public sealed class ActiveTimeoutTests
{
    [Fact]
    public void Pause_WhileQueued_TheQueuedTimeIsNotCounted()
    {
        // Given a 1 s limit on a fake clock
        var clock = new FakeTimeProvider();
        using var timeout = new ActiveTimeout(TimeSpan.FromSeconds(1), clock);

        // When it runs 0.6 s, waits paused for 10 s, and runs 0.3 s more
        clock.Advance(TimeSpan.FromMilliseconds(600));
        timeout.Pause();
        clock.Advance(TimeSpan.FromSeconds(10));
        timeout.Resume();
        clock.Advance(TimeSpan.FromMilliseconds(300));

        // Then 0.9 s of working time is not over the limit; 0.1 s more is
        Assert.False(timeout.Expired);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(timeout.Expired);
        Assert.True(timeout.Token.IsCancellationRequested);
    }
}
