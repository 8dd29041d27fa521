namespace DataForge.Captioner.Templates;

/// <summary>The kinds of <see cref="JinjaSegment"/>.</summary>
internal enum JinjaSegmentKind
{
    /// <summary>Literal text.</summary>
    Text,

    /// <summary>An output tag, <c>{{ expression }}</c>.</summary>
    Output,

    /// <summary>A statement tag, <c>{% statement %}</c>.</summary>
    Statement,
}
