using System.Text.Json.Nodes;

namespace ExpertBot.Cards;

/// <summary>
/// A template prepared once (every string with "${" parsed to an expression) and expanded many times.
/// Expansion follows the official engine's rules: <c>$data</c> narrows or repeats an object, <c>$when</c> drops it,
/// a dropped or null item disappears from an array, an array value spreads into the enclosing array.
/// </summary>
internal abstract record TemplateNode
{
    public static TemplateNode Prepare(JsonNode? node) => node switch
    {
        null => new LiteralNode(null),
        JsonObject o => Fold(new ObjectNode(
            o.Where(p => !IsReserved(p.Key)).Select(p => (p.Key, Prepare(p.Value))).ToList(),
            o.TryGetPropertyValue("$when", out var when) ? new Directive(when is null ? null : Prepare(when), JsValue.FromJson(when)) : null,
            o.TryGetPropertyValue("$data", out var data) ? new Directive(data is null ? null : Prepare(data), JsValue.FromJson(data)) : null)),
        JsonArray a => Fold(new ArrayNode(a.Select(Prepare).ToList())),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String =>
            Interpolation.Parse(v.GetValue<string>()) is { } expr ? new ExprNode(expr) : new LiteralNode(v.GetValue<string>()),
        _ => new LiteralNode(JsValue.FromJson(node)),
    };

    /// <summary>
    /// A part of the template with no expression and no directive in it (most of a card's layout, labels and actions)
    /// expands to the same value whatever the data: it is expanded once here and that value is shared by every later
    /// expansion, instead of being rebuilt on every card sent. Expanded values are only ever read (written out or copied
    /// into JSON nodes), so sharing them is safe.
    /// </summary>
    private static TemplateNode Fold(TemplateNode node)
    {
        var constant = node switch
        {
            ObjectNode o => o.When is null && o.Data is null && o.Properties.All(p => p.Value is LiteralNode),
            ArrayNode a => a.Items.All(i => i is LiteralNode),
            _ => false,
        };
        return constant ? new LiteralNode(node.Expand(new Scope(Undefined.Value))) : node;
    }

    // Never copied to the output: they steer the expansion (the official engine's reserved fields).
    private static bool IsReserved(string key) => key is "$data" or "$when" or "$root" or "$index" or "$host" or "$_acTemplateVersion";

    public abstract object? Expand(Scope scope);

    /// <summary>An expression evaluated where a value of the output goes (missing names show as "${name}").</summary>
    internal static Result EvaluateForOutput(Expr expr, Scope scope)
    {
        if (expr is not Call { IsConcat: true } concat)
        {
            return Evaluator.Evaluate(expr, scope, substitute: true);
        }
        // The official engine concatenates an interpolated string itself, so that one failing part shows as its
        // own "${...}" text instead of failing the whole string.
        var text = new System.Text.StringBuilder();
        foreach (var child in concat.Args)
        {
            Result part;
            try
            {
                part = Evaluator.Evaluate(child, scope, substitute: true);
            }
            catch (TemplateException ex)
            {
                part = Result.Fail(ex.Message);
            }
            text.Append(part.Error is null ? JsValue.ToJsString(part.Value) : "${" + child + "}");
        }
        return Result.Ok(text.ToString());
    }

    /// <summary>A <c>$when</c> or <c>$data</c> value: prepared (for expressions) and raw (for literal data).</summary>
    internal sealed record Directive(TemplateNode? Prepared, object? Raw);
}

internal sealed record LiteralNode(object? Value) : TemplateNode
{
    public override object? Expand(Scope scope) => Value;
}

internal sealed record ExprNode(Expr Expr) : TemplateNode
{
    public override object? Expand(Scope scope)
    {
        var result = EvaluateForOutput(Expr, scope);
        return result.Error is null ? result.Value : throw new TemplateException(result.Error);
    }
}

internal sealed record ArrayNode(IReadOnlyList<TemplateNode> Items) : TemplateNode
{
    public override object? Expand(Scope scope)
    {
        var result = new List<object?>(Items.Count);
        foreach (var item in Items)
        {
            var expanded = ExpandSaved(item, scope);
            if (expanded is List<object?> many)
            {
                result.AddRange(many);
            }
            else if (expanded is not null)
            {
                result.Add(expanded);
            }
        }
        return result;
    }

    private static object? ExpandSaved(TemplateNode node, Scope scope)
    {
        var (data, index) = (scope.Data, scope.Index);
        try
        {
            return node.Expand(scope);
        }
        finally
        {
            (scope.Data, scope.Index) = (data, index);
        }
    }
}

internal sealed record ObjectNode(IReadOnlyList<(string Key, TemplateNode Value)> Properties, TemplateNode.Directive? When, TemplateNode.Directive? Data)
    : TemplateNode
{
    public override object? Expand(Scope scope)
    {
        var (savedData, savedIndex) = (scope.Data, scope.Index);
        try
        {
            return ExpandCopies(scope);
        }
        finally
        {
            (scope.Data, scope.Index) = (savedData, savedIndex);
        }
    }

    private object? ExpandCopies(Scope scope)
    {
        List<object?> contexts = [Undefined.Value];
        var repeated = false;
        if (Data is not null)
        {
            var value = Data.Prepared is ExprNode e ? e.Expand(scope) : Data.Raw;
            if (value is List<object?> list)
            {
                contexts = list;
                repeated = true;
            }
            else
            {
                contexts = [value];
            }
        }

        var copies = new List<object?>();
        for (var i = 0; i < contexts.Count; i++)
        {
            if (repeated)
            {
                scope.Index = (double)i;
            }
            if (contexts[i] is not Undefined)
            {
                scope.Data = contexts[i];
            }
            if (!IsDropped(scope))
            {
                copies.Add(ExpandProperties(scope));
            }
        }
        return copies.Count switch
        {
            0 => null,
            1 => copies[0],
            _ => copies,
        };
    }

    private bool IsDropped(Scope scope)
    {
        if (When is null)
        {
            return false;
        }
        if (When.Prepared is ExprNode e)
        {
            // Evaluated without "${name}" substitution: missing data is false, and only a true boolean keeps the object.
            var result = Evaluator.Evaluate(e.Expr, scope, substitute: false);
            return !(result.Error is null && result.Value is true);
        }
        // A $when that is not an expression drops the object when it is truthy in JavaScript's sense.
        return When.Raw is List<object?> or OrderedDictionary<string, object?> || !JsValue.IsFalsy(When.Raw);
    }

    private OrderedDictionary<string, object?> ExpandProperties(Scope scope)
    {
        var result = new OrderedDictionary<string, object?>(Properties.Count, StringComparer.Ordinal);
        foreach (var (key, node) in Properties)
        {
            var (data, index) = (scope.Data, scope.Index);
            object? value;
            try
            {
                value = node.Expand(scope);
            }
            finally
            {
                (scope.Data, scope.Index) = (data, index);
            }
            if (value is not Undefined)
            {
                result[key] = value;
            }
        }
        return result;
    }
}
