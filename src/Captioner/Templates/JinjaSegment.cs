namespace DataForge.Captioner.Templates;

/// <summary>One piece of template source: literal text, an output tag's expression, or a statement tag's body.</summary>
/// <param name="Kind">Text, output (<c>{{ }}</c>) or statement (<c>{% %}</c>).</param>
/// <param name="Content">The text, or the tag's inside with whitespace-control dashes removed.</param>
/// <param name="Offset">Where it starts in the source, for messages.</param>
internal sealed record JinjaSegment(JinjaSegmentKind Kind, string Content, int Offset);
