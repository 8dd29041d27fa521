namespace DataForge.Captioner.Templates;

/// <summary>
/// A model's own Jinja chat template, rendered the way transformers' <c>apply_chat_template</c> renders it
/// (<c>trim_blocks</c>, <c>lstrip_blocks</c>, the <c>generation</c> block, loop controls, <c>raise_exception</c>),
/// for the subset of Jinja that chat templates use. Parsing checks every statement, filter, test, function and
/// method, so an unsupported construct fails when the model loads, naming it, not halfway through a run.
/// Immutable and thread-safe once parsed.
/// </summary>
public sealed class ChatTemplate
{
    private readonly IReadOnlyList<JinjaNode> _nodes;

    private ChatTemplate(string source, IReadOnlyList<JinjaNode> nodes)
    {
        Source = source;
        _nodes = nodes;
    }

    /// <summary>Gets the template text.</summary>
    public string Source { get; }

    /// <summary>Parses a template.</summary>
    /// <param name="source">The Jinja text.</param>
    /// <returns>The template.</returns>
    /// <exception cref="ChatTemplateException">The text uses a construct outside the supported subset, or is malformed.</exception>
    public static ChatTemplate Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ChatTemplate(source, JinjaParser.Parse(source));
    }

    /// <summary>Renders the template.</summary>
    /// <param name="variables">
    /// Top-level variables: <c>messages</c> (a list of dictionaries with <c>role</c> and <c>content</c>, content a
    /// string or a list of <c>{"type": "image"}</c> / <c>{"type": "text", "text": …}</c> dictionaries),
    /// <c>add_generation_prompt</c>, special tokens. Values are strings, <see cref="long"/>, <see cref="double"/>,
    /// <see cref="bool"/>, <see langword="null"/>, <see cref="List{T}"/> of objects and dictionaries keyed by string.
    /// </param>
    /// <returns>The rendered text.</returns>
    /// <exception cref="ChatTemplateException">Rendering failed, or the template raised an exception itself.</exception>
    public string Render(IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return JinjaRenderer.Render(_nodes, variables);
    }
}
