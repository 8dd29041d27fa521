using System.Runtime.InteropServices;

namespace DataForge.Cli.Common;

/// <summary>
/// Turns SIGINT, SIGTERM and SIGUSR1 into cancellation of the command's token instead of the runtime's default
/// (terminate at once), so stages stop between items, keep finished shards, and <c>train</c> checkpoints. A second
/// SIGINT or SIGTERM while the first is being handled gets the default behaviour: the process ends immediately.
/// </summary>
public sealed class SignalCancellation : IDisposable
{
    // Linux numbering; PosixSignal has no member for it, and the runtime accepts raw numbers on Unix.
    private const int SigUsr1 = 10;

    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signal;

    /// <summary>Registers the handlers (on Unix; elsewhere only SIGINT/SIGTERM equivalents the runtime maps).</summary>
    public SignalCancellation()
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Handle(c, CancellingSignal.Interrupt)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Handle(c, CancellingSignal.Terminate)));
        if (OperatingSystem.IsLinux())
        {
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)SigUsr1, c => Handle(c, CancellingSignal.Requeue)));
        }
    }

    /// <summary>Gets the token cancelled by the first signal.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Gets the first signal received, or <see cref="CancellingSignal.None"/>.</summary>
    public CancellingSignal Signal => (CancellingSignal)Volatile.Read(ref _signal);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Handle(PosixSignalContext context, CancellingSignal signal)
    {
        if (Interlocked.CompareExchange(ref _signal, (int)signal, (int)CancellingSignal.None) != (int)CancellingSignal.None)
        {
            // Already stopping: a second Ctrl+C means "now". USR1 repeats are ignored (Slurm may resend it).
            context.Cancel = signal == CancellingSignal.Requeue;
            return;
        }

        context.Cancel = true;
        _source.Cancel();
    }
}
