using System.Text;

namespace ExpertBot.Cards;

/// <summary>
/// An expression tree in the shape adaptive-expressions builds: every node is a function of its children
/// (operators are functions named "+", "==", ...; member access is "Accessor", indexing "Element").
/// </summary>
internal abstract record Expr
{
    /// <summary>The text the official engine prints for an expression (used in "${...}" substitutions).</summary>
    public abstract override string ToString();
}

internal sealed record Constant(object? Value) : Expr
{
    public override string ToString() => Value switch
    {
        Undefined => "undefined",
        null => "null",
        string s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
        double d => JsValue.NumberToString(d),
        bool b => b ? "true" : "false",
        _ => JsValue.Stringify(Value),
    };
}

/// <summary>A name, optionally on an instance: <c>a</c> is Accessor("a"), <c>a.b</c> is Accessor("b", Accessor("a")).</summary>
internal sealed record Accessor(string Property, Expr? Instance) : Expr
{
    public override string ToString() => Instance is null ? Property : $"{Instance}.{Property}";
}

/// <summary><c>instance[index]</c>.</summary>
internal sealed record Element(Expr Instance, Expr Index) : Expr
{
    public override string ToString() => $"{Instance}[{Index}]";
}

/// <summary>A function or operator call; <see cref="Name"/> is the name the official engine registers.</summary>
internal sealed record Call(string Name, IReadOnlyList<Expr> Args) : Expr
{
    public bool IsConcat => Name == "concat";

    public override string ToString()
    {
        var sb = new StringBuilder();
        var infix = Name.Length > 0 && !char.IsAsciiLetter(Name[0]) && Args.Count >= 2;
        if (!infix)
        {
            sb.Append(Name);
        }
        sb.Append('(');
        for (var i = 0; i < Args.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(infix ? $" {Name} " : ", ");
            }
            sb.Append(Args[i]);
        }
        return sb.Append(')').ToString();
    }
}
