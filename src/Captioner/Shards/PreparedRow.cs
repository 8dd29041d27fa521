namespace DataForge.Captioner.Shards;

/// <summary>A row after decoding and preprocessing on a worker thread: ready for the model, or already failed.</summary>
internal sealed record PreparedRow(int Row, string Key, long[]? PromptIds, float[]? Pixels, string? Error);
