namespace DataForge.Captioner.Templates;

/// <summary>A statement of the supported Jinja subset; the nested records are its node kinds.</summary>
internal abstract record JinjaNode
{
    /// <summary>Literal text.</summary>
    public sealed record Text(string Value) : JinjaNode;

    /// <summary><c>{{ expression }}</c>.</summary>
    public sealed record Output(JinjaExpr Value) : JinjaNode;

    /// <summary><c>{% if %}…{% elif %}…{% else %}…{% endif %}</c>: the branches in order, then the else body.</summary>
    public sealed record If(IReadOnlyList<(JinjaExpr Condition, IReadOnlyList<JinjaNode> Body)> Branches, IReadOnlyList<JinjaNode> Else) : JinjaNode;

    /// <summary><c>{% for a[, b] in items [if filter] %}…{% else %}…{% endfor %}</c>.</summary>
    public sealed record For(IReadOnlyList<string> Targets, JinjaExpr Items, JinjaExpr? Filter, IReadOnlyList<JinjaNode> Body, IReadOnlyList<JinjaNode> Else) : JinjaNode;

    /// <summary><c>{% set name = value %}</c> or <c>{% set ns.attribute = value %}</c>.</summary>
    public sealed record Set(string Name, string? Attribute, JinjaExpr Value) : JinjaNode;

    /// <summary>transformers' <c>{% generation %}…{% endgeneration %}</c>, which renders its body unchanged.</summary>
    public sealed record Generation(IReadOnlyList<JinjaNode> Body) : JinjaNode;

    /// <summary><c>{% break %}</c> (jinja2.ext.loopcontrols, which transformers enables).</summary>
    public sealed record Break : JinjaNode;

    /// <summary><c>{% continue %}</c>.</summary>
    public sealed record Continue : JinjaNode;
}
