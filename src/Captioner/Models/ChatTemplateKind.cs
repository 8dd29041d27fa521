namespace DataForge.Captioner.Models;

/// <summary>The prompt formats the captioner knows; there is no Jinja engine, so each family is spelled out in code.</summary>
public enum ChatTemplateKind
{
    /// <summary>LLaVA-1.5 (Vicuna): <c>USER: &lt;image&gt;\n{prompt} ASSISTANT:</c>.</summary>
    Llava15,

    /// <summary>ChatML, as the Qwen2 LLaVA variants use: <c>&lt;|im_start|&gt;user &lt;image&gt;\n{prompt}&lt;|im_end|&gt;&lt;|im_start|&gt;assistant\n</c>.</summary>
    ChatMl,
}
