namespace ExpertBot.Cards;

/// <summary>A value or the error the official engine would report instead (errors are values there, not exceptions).</summary>
internal readonly record struct Result(object? Value, string? Error)
{
    public static Result Ok(object? value) => new(value, null);

    public static Result Fail(string error) => new(Undefined.Value, error);
}

/// <summary>
/// Evaluates expressions as adaptive-expressions does. <c>substitute</c> is its "nullSubstitution": a name that
/// resolves to undefined evaluates to the text "${name}" (so missing data shows as its binding). Conditions
/// (if, not, and, or, comparisons) read without it, so a missing name is simply false there.
/// </summary>
internal static class Evaluator
{
    public static Result Evaluate(Expr expr, Scope scope, bool substitute) => expr switch
    {
        Constant c => Result.Ok(c.Value),
        Accessor a => EvaluateAccessor(a, scope, substitute),
        Element e => EvaluateElement(e, scope, substitute),
        Call call => Functions.Invoke(call, scope, substitute),
        _ => throw new InvalidOperationException(expr.GetType().Name),
    };

    private static Result EvaluateAccessor(Accessor accessor, Scope scope, bool substitute)
    {
        // Like the official engine: fold a chain of names and indexes into one path string, then read it.
        var path = "";
        Expr? left = accessor;
        while (left is not null)
        {
            if (left is Accessor a)
            {
                path = a.Property + "." + path;
                left = a.Instance;
            }
            else if (left is Element el)
            {
                var index = Evaluate(el.Index, scope, substitute);
                if (index.Error is not null)
                {
                    return Result.Fail(index.Error);
                }
                path = index.Value switch
                {
                    double d when double.IsFinite(d) => $"[{JsValue.NumberToString(d)}].{path}",
                    string s when Scope.ParseIntPrefix(s) is not null => $"[{s}].{path}",
                    string s => $"['{s}'].{path}",
                    _ => null!,
                };
                if (path is null)
                {
                    return Result.Fail($"{el.Index} doesn't return an int or string");
                }
                left = el.Instance;
            }
            else
            {
                break;
            }
        }
        path = path.TrimEnd('.').Replace(".[", "[", StringComparison.Ordinal);

        object? value;
        if (left is null)
        {
            value = scope.GetValue(path);
        }
        else
        {
            var instance = Evaluate(left, scope, substitute);
            if (instance.Error is not null)
            {
                return Result.Fail(instance.Error);
            }
            value = Scope.GetPath(instance.Value, path);
        }
        return Result.Ok(value is Undefined && substitute ? "${" + path + "}" : value);
    }

    private static Result EvaluateElement(Element element, Scope scope, bool substitute)
    {
        var instance = Evaluate(element.Instance, scope, substitute);
        if (instance.Error is not null)
        {
            return instance;
        }
        var index = Evaluate(element.Index, scope, substitute: false);
        if (index.Error is not null)
        {
            return Result.Fail(index.Error);
        }
        if (index.Value is double d && double.IsInteger(d))
        {
            var value = Scope.AccessIndex(instance.Value, d is >= int.MinValue and <= int.MaxValue ? (int)d : -1, out var error);
            return error is null ? Result.Ok(value) : Result.Fail(error);
        }
        if (index.Value is string s)
        {
            return Result.Ok(Scope.AccessProperty(instance.Value, s));
        }
        return Result.Fail($"Could not coerce {element.Index} to an int or string.");
    }
}
