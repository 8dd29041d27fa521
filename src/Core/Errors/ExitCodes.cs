namespace DataForge.Core.Errors;

/// <summary>Process exit codes shared by the CLI and by job scripts (Slurm, Kubernetes) that read them.</summary>
public static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Ok = 0;

    /// <summary>The run finished, but some rows failed and were recorded with a non-success status.</summary>
    public const int FailedRows = 1;

    /// <summary>The command line or an options object was invalid.</summary>
    public const int Usage = 2;

    /// <summary>The host lacks something required (native library, device, disk).</summary>
    public const int Environment = 3;

    /// <summary>The run itself failed (a shard could not be written, input could not be read); see the message.</summary>
    public const int Failed = 4;

    /// <summary>
    /// The run finished, but every row it wrote failed (each recorded per row): there is nothing for the next stage, so
    /// job scripts must not treat it like <see cref="FailedRows"/> and start the next stage on it.
    /// </summary>
    public const int AllRowsFailed = 5;
}
