using System.Text.Json.Nodes;

namespace DataForge.Captioner.Bench;

/// <summary>
/// Gives onnxruntime-genai's decoder the captioner's threading in <c>genai_config.json</c>. GenAI 0.18 otherwise
/// uses half the logical cores (one intra-op thread on a 2-core VM, checked by counting the process's threads)
/// while the captioner's decoder uses every core, so a ratio at GenAI's default mostly measures the thread count.
/// </summary>
internal static class GenAiThreads
{
    private const string Threads = "intra_op_num_threads";

    // GenAI passes session_options keys it does not model on to ORT as session config entries.
    private const string Spinning = "session.intra_op.allow_spinning";

    /// <summary>
    /// Sets <paramref name="threads"/> intra-op threads that sleep instead of spinning when idle, as the
    /// captioner's decoder does; 0 removes both settings (GenAI's own defaults).
    /// </summary>
    public static void Set(string onnxDirectory, int threads)
    {
        var path = Path.Combine(onnxDirectory, "genai_config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        var sessionOptions = config["model"]!["decoder"]!["session_options"]!.AsObject();
        sessionOptions.Remove(Threads);
        sessionOptions.Remove(Spinning);
        if (threads > 0)
        {
            sessionOptions[Threads] = threads;
            sessionOptions[Spinning] = "0";
        }

        File.WriteAllText(path, config.ToJsonString());
    }
}
