namespace DataForge.Captioner.Generation;

/// <summary>The lowercase names <see cref="FinishReason"/> values take in shard columns.</summary>
public static class FinishReasonNames
{
    /// <summary>Returns the column value for a finish reason (<c>eos</c>, <c>length</c>, <c>stop</c>, <c>loop</c>).</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The name.</returns>
    public static string ToColumnValue(this FinishReason reason) => reason switch
    {
        FinishReason.Eos => "eos",
        FinishReason.Length => "length",
        FinishReason.Stop => "stop",
        FinishReason.Loop => "loop",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
