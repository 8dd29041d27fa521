namespace DataForge.Captioner.Models;

/// <summary>Turns prompt text into token ids and generated ids back into text.</summary>
public interface ICaptionTokenizer
{
    /// <summary>Encodes text, adding the tokenizer's special tokens (e.g. BOS) as the model expects.</summary>
    /// <param name="text">The text; added tokens such as <c>&lt;image&gt;</c> are recognised.</param>
    /// <returns>The ids.</returns>
    long[] Encode(string text);

    /// <summary>Decodes ids to text, skipping special tokens.</summary>
    /// <param name="ids">The ids.</param>
    /// <returns>The text.</returns>
    string Decode(IReadOnlyList<long> ids);
}
