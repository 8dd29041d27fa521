namespace DataForge.Captioner.Shards;

/// <summary>The caption columns of one row.</summary>
internal sealed record CaptionRowResult(string Status, string? Caption, string? Error, int? Tokens, string? FinishReason, double? Seconds);
