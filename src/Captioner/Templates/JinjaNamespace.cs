namespace DataForge.Captioner.Templates;

/// <summary>The object <c>namespace(...)</c> returns: attributes a loop body can assign with <c>set ns.x = …</c>.</summary>
internal sealed class JinjaNamespace : Dictionary<string, object?>
{
    public JinjaNamespace()
        : base(StringComparer.Ordinal)
    {
    }
}
