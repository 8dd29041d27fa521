namespace DataForge.Captioner.Templates;

/// <summary>An expression of the supported Jinja subset; the nested records are its node kinds.</summary>
internal abstract record JinjaExpr
{
    /// <summary>A string, number, boolean or none literal.</summary>
    public sealed record Literal(object? Value) : JinjaExpr;

    /// <summary>A variable.</summary>
    public sealed record Variable(string Identifier) : JinjaExpr;

    /// <summary>A list literal, <c>[a, b]</c>.</summary>
    public sealed record ListLiteral(IReadOnlyList<JinjaExpr> Items) : JinjaExpr;

    /// <summary><c>target.name</c>.</summary>
    public sealed record Attribute(JinjaExpr Target, string Name) : JinjaExpr;

    /// <summary><c>target[index]</c>.</summary>
    public sealed record Item(JinjaExpr Target, JinjaExpr Index) : JinjaExpr;

    /// <summary><c>target[start:stop]</c>; null bounds are open.</summary>
    public sealed record Slice(JinjaExpr Target, JinjaExpr? Start, JinjaExpr? Stop) : JinjaExpr;

    /// <summary>A global function (<c>raise_exception</c>, <c>namespace</c>, <c>range</c>) or a method call.</summary>
    public sealed record Call(JinjaExpr Callee, IReadOnlyList<JinjaExpr> Args, IReadOnlyList<KeyValuePair<string, JinjaExpr>> Kwargs) : JinjaExpr;

    /// <summary><c>target | name(args)</c>.</summary>
    public sealed record Filter(JinjaExpr Target, string Name, IReadOnlyList<JinjaExpr> Args, IReadOnlyList<KeyValuePair<string, JinjaExpr>> Kwargs) : JinjaExpr;

    /// <summary><c>target is [not] name(args)</c>.</summary>
    public sealed record Test(JinjaExpr Target, string Name, IReadOnlyList<JinjaExpr> Args, bool Negated) : JinjaExpr;

    /// <summary><c>not x</c> or <c>-x</c>.</summary>
    public sealed record Unary(string Operator, JinjaExpr Operand) : JinjaExpr;

    /// <summary>Arithmetic, <c>~</c>, comparisons, <c>and</c>, <c>or</c>, <c>in</c>, <c>not in</c>.</summary>
    public sealed record Binary(string Operator, JinjaExpr Left, JinjaExpr Right) : JinjaExpr;

    /// <summary><c>then if condition else otherwise</c>.</summary>
    public sealed record Conditional(JinjaExpr Condition, JinjaExpr Then, JinjaExpr? Otherwise) : JinjaExpr;
}
