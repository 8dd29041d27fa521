namespace DataForge.Cli.Common;

/// <summary>Which signal, if any, cancelled a command: it decides the exit code and what <c>train</c> does before stopping.</summary>
public enum CancellingSignal
{
    /// <summary>No signal: cancelled by the caller's token or not cancelled.</summary>
    None,

    /// <summary>SIGINT (Ctrl+C): exit 130.</summary>
    Interrupt,

    /// <summary>SIGTERM: exit 143.</summary>
    Terminate,

    /// <summary>SIGUSR1 (Slurm's pre-emption warning): checkpoint, exit 138 for requeue.</summary>
    Requeue,
}
