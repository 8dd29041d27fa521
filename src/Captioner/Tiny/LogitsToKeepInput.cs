namespace DataForge.Captioner.Tiny;

/// <summary>Whether, and how, the tiny decoder declares <c>num_logits_to_keep</c>.</summary>
public enum LogitsToKeepInput
{
    /// <summary>Not declared: logits for every position, as older exports.</summary>
    None,

    /// <summary>A required input, as transformers.js / onnx-community exports declare it.</summary>
    Required,

    /// <summary>A required one-element vector [1], the shape onnxruntime-genai feeds.</summary>
    RequiredVector,

    /// <summary>A scalar input with a default of 0 (keep all), so runtimes that do not feed it still run the graph.</summary>
    Defaulted,
}
