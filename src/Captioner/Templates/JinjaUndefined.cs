namespace DataForge.Captioner.Templates;

/// <summary>Jinja's <c>Undefined</c>: renders empty, is false, and fails when used as a container.</summary>
internal sealed class JinjaUndefined
{
    private JinjaUndefined(string name) => Name = name;

    /// <summary>Gets what was looked up, for messages.</summary>
    public string Name { get; }

    public static JinjaUndefined Of(string name) => new(name);

    public override string ToString() => "";
}
