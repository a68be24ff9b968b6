namespace ExpertBot.Cards;

/// <summary>Static expression types (adaptive-expressions' ReturnType flags).</summary>
[Flags]
internal enum ValueType
{
    Boolean = 1,
    Number = 2,
    Object = 4,
    String = 8,
    Array = 16,
}

/// <summary>
/// The expression functions card authors use, each behaving as its adaptive-expressions counterpart (version
/// 4.23), including its quirks: errors become false inside comparisons, '+' concatenates strings, and so on.
/// A name not listed here is an "Unknown function" error at evaluation, as in the official engine.
/// </summary>
internal static class Functions
{
    private delegate Result Body(Call call, Scope scope, bool substitute);

    /// <summary>
    /// <paramref name="Returns"/> and <paramref name="ArgTypes"/> (by position, the last one repeating) are the
    /// static types the official parser checks: a constant or typed call of the wrong type is a parse error there.
    /// </summary>
    private sealed record Function(int MinArgs, int MaxArgs, Body Body, ValueType Returns = ValueType.Object, ValueType[]? ArgTypes = null);

    private static readonly Dictionary<string, Function> Table = Build();

    private static Dictionary<string, Function> Build()
    {
        var t = new Dictionary<string, Function>(StringComparer.Ordinal)
        {
            ["concat"] = new(1, int.MaxValue, Sequence(ConcatPair), ValueType.String | ValueType.Array),
            ["createArray"] = new(0, int.MaxValue, (c, s, sub) => WithArgs(c, s, sub, null, args => Result.Ok(args)), ValueType.Array),
            ["if"] = new(3, 3, If),
            ["=="] = new(2, 2, Comparison(null, args => CommonEquals(args[0], args[1])), ValueType.Boolean),
            ["!="] = new(2, 2, Comparison(null, args => !CommonEquals(args[0], args[1])), ValueType.Boolean),
            ["<"] = new(2, 2, Comparison(VerifyNotNull, args => Compare(args) < 0), ValueType.Boolean),
            ["<="] = new(2, 2, Comparison(VerifyNotNull, args => Compare(args) <= 0), ValueType.Boolean),
            [">"] = new(2, 2, Comparison(VerifyNotNull, args => Compare(args) > 0), ValueType.Boolean),
            [">="] = new(2, 2, Comparison(VerifyNotNull, args => Compare(args) >= 0), ValueType.Boolean),
            ["&&"] = new(1, int.MaxValue, And, ValueType.Boolean),
            ["||"] = new(1, int.MaxValue, Or, ValueType.Boolean),
            ["!"] = new(1, 1, Not, ValueType.Boolean),
            ["+"] = new(2, int.MaxValue, Add, ValueType.String | ValueType.Number, [ValueType.String | ValueType.Number]),
            ["-"] = new(2, int.MaxValue, Numeric((a, b) => a - b), ValueType.Number, [ValueType.Number]),
            ["*"] = new(2, int.MaxValue, Numeric((a, b) => a * b), ValueType.Number, [ValueType.Number]),
            ["count"] = new(1, 1, (c, s, sub) => WithArgs(c, s, sub, VerifyContainer, Count), ValueType.Number, [ValueType.String | ValueType.Array]),
            ["length"] = new(1, 1, (c, s, sub) => WithArgs(c, s, sub, VerifyStringOrUndefined,
                args => Result.Ok((double)(args[0] as string ?? "").Length)), ValueType.Number, [ValueType.String]),
            ["join"] = new(2, 3, Join, ValueType.String, [ValueType.Array, ValueType.String]),
            ["empty"] = new(1, 1, Comparison(VerifyContainerOrNull, args => IsEmpty(args[0])), ValueType.Boolean),
            ["exists"] = new(1, 1, Comparison(VerifyNotNull, _ => true), ValueType.Boolean),
            ["coalesce"] = new(1, int.MaxValue, (c, s, sub) => WithArgs(c, s, sub, null,
                args => Result.Ok(args.FirstOrDefault(a => !JsValue.IsNullish(a)) ?? Undefined.Value))),
            ["string"] = new(1, 2, (c, s, sub) => WithArgs(c, s, sub, null, StringOf), ValueType.String, [ValueType.Object, ValueType.String]),
            ["int"] = new(1, 1, (c, s, sub) => WithArgs(c, s, sub, null, Int), ValueType.Number),
            ["formatNumber"] = new(2, 3, (c, s, sub) => WithArgs(c, s, sub, null, FormatNumber), ValueType.String, [ValueType.Number, ValueType.Number, ValueType.String]),
            ["formatDateTime"] = new(1, 3, (c, s, sub) => WithArgs(c, s, sub, null, DateFormat.FormatDateTime), ValueType.String, [ValueType.String]),
            // The optional second argument is a locale; invariant casing is what the official engine does for it too.
            ["toUpper"] = new(1, 2, (c, s, sub) => WithArgs(c, s, sub, VerifyStringOrUndefined,
                args => Result.Ok((args[0] as string ?? "").ToUpperInvariant())), ValueType.String, [ValueType.String]),
            ["toLower"] = new(1, 2, (c, s, sub) => WithArgs(c, s, sub, VerifyStringOrUndefined,
                args => Result.Ok((args[0] as string ?? "").ToLowerInvariant())), ValueType.String, [ValueType.String]),
        };
        return t;
    }

    // The official aliases. An alias is only a spelling: the call is named by its canonical name, which is also
    // how the official engine prints it (in "${...}" substitutions) and what makes "a & b" a concatenation.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["&"] = "concat",
        ["??"] = "coalesce",
        ["equals"] = "==",
        ["less"] = "<",
        ["lessOrEquals"] = "<=",
        ["greater"] = ">",
        ["greaterOrEquals"] = ">=",
        ["and"] = "&&",
        ["or"] = "||",
        ["not"] = "!",
        ["add"] = "+",
        ["sub"] = "-",
        ["mul"] = "*",
    };

    public static string CanonicalName(string name) => Aliases.TryGetValue(name, out var canonical) ? canonical : name;

    /// <summary>Checked when the template is parsed, where the official engine validates arity and static types.</summary>
    public static void Validate(string name, IReadOnlyList<Expr> args, string expression)
    {
        if (!Table.TryGetValue(name, out var f))
        {
            return;
        }
        if (args.Count < f.MinArgs || args.Count > f.MaxArgs)
        {
            var expected = f.MinArgs == f.MaxArgs ? $"{f.MinArgs}" : f.MaxArgs == int.MaxValue ? $"at least {f.MinArgs}" : $"{f.MinArgs} to {f.MaxArgs}";
            throw new TemplateException($"Invalid expression '{expression}': {name} takes {expected} argument(s), not {args.Count}.");
        }
        for (var i = 0; f.ArgTypes is { Length: > 0 } types && i < args.Count; i++)
        {
            var expected = types[Math.Min(i, types.Length - 1)];
            var actual = TypeOf(args[i]);
            // Object on either side means "could be anything": only a definite mismatch is refused.
            if ((expected & ValueType.Object) == 0 && (actual & ValueType.Object) == 0 && (expected & actual) == 0)
            {
                throw new TemplateException($"Invalid expression '{expression}': {args[i]} is not a {expected} expression in {name}(...).");
            }
        }
    }

    /// <summary>The static type of an expression, as the official parser infers it.</summary>
    public static ValueType TypeOf(Expr expr) => expr switch
    {
        Constant { Value: string } => ValueType.String,
        Constant { Value: bool } => ValueType.Boolean,
        Constant { Value: double d } when !double.IsNaN(d) => ValueType.Number,
        Constant { Value: List<object?> } => ValueType.Array,
        Call call => Table.TryGetValue(call.Name, out var f) ? f.Returns : ValueType.String, // unknown functions are typed String there
        _ => ValueType.Object,
    };

    public static Result Invoke(Call call, Scope scope, bool substitute) =>
        Table.TryGetValue(call.Name, out var f) ? f.Body(call, scope, substitute) : Result.Fail($"Unknown function {call.Name}");

    private delegate string? Verify(object? value, Expr child);

    private static Result WithArgs(Call call, Scope scope, bool substitute, Verify? verify, Func<List<object?>, Result> body)
    {
        var args = new List<object?>(call.Args.Count);
        foreach (var child in call.Args)
        {
            var r = Evaluator.Evaluate(child, scope, substitute);
            if (r.Error is not null)
            {
                return Result.Fail(r.Error); // the value of a call whose argument failed is undefined
            }
            if (verify?.Invoke(r.Value, child) is { } error)
            {
                return Result.Fail(error);
            }
            args.Add(r.Value);
        }
        try
        {
            return body(args);
        }
        catch (TemplateException ex)
        {
            return Result.Fail(ex.Message);
        }
    }

    private static Body Sequence(Func<object?, object?, Result> pair, Verify? verify = null) => (c, s, sub) =>
        WithArgs(c, s, sub, verify, args =>
        {
            var soFar = args[0];
            for (var i = 1; i < args.Count; i++)
            {
                var r = pair(soFar, args[i]);
                if (r.Error is not null)
                {
                    return r;
                }
                soFar = r.Value;
            }
            return Result.Ok(soFar);
        });

    /// <summary>Comparisons read without substitution, and a failing argument makes them false rather than an error.</summary>
    private static Body Comparison(Verify? verify, Func<List<object?>, bool> func) => (c, s, _) =>
    {
        var args = new List<object?>(c.Args.Count);
        foreach (var child in c.Args)
        {
            var r = Evaluator.Evaluate(child, s, substitute: false);
            if (r.Error is not null || verify?.Invoke(r.Value, child) is not null)
            {
                return Result.Ok(false);
            }
            args.Add(r.Value);
        }
        try
        {
            return Result.Ok(func(args));
        }
        catch (TemplateException ex)
        {
            // The official comparison reports the error with its initial value, false, which callers like or() see.
            return new Result(false, ex.Message);
        }
    };

    private static Body Numeric(Func<double, double, double> op) =>
        Sequence((a, b) => Result.Ok(op((double)a!, (double)b!)), (v, child) => JsValue.IsNumber(v) ? null : $"{child} is not a number.");

    private static Result If(Call call, Scope scope, bool substitute)
    {
        var condition = Evaluator.Evaluate(call.Args[0], scope, substitute: false);
        var branch = condition.Error is null && JsValue.IsLogicTrue(condition.Value) ? call.Args[1] : call.Args[2];
        return Evaluator.Evaluate(branch, scope, substitute);
    }

    private static Result And(Call call, Scope scope, bool substitute)
    {
        foreach (var child in call.Args)
        {
            var r = Evaluator.Evaluate(child, scope, substitute: false);
            if (r.Error is not null || !JsValue.IsLogicTrue(r.Value))
            {
                return Result.Ok(false);
            }
        }
        return Result.Ok(true);
    }

    private static Result Or(Call call, Scope scope, bool substitute)
    {
        // As the official engine: when nothing is true, the value of the last argument (not false) is the result.
        object? last = false;
        foreach (var child in call.Args)
        {
            var r = Evaluator.Evaluate(child, scope, substitute: false);
            if (r.Error is null && JsValue.IsLogicTrue(r.Value))
            {
                return Result.Ok(true);
            }
            last = r.Value;
        }
        return Result.Ok(last);
    }

    private static Result Not(Call call, Scope scope, bool substitute)
    {
        var r = Evaluator.Evaluate(call.Args[0], scope, substitute: false);
        return Result.Ok(r.Error is not null || !JsValue.IsLogicTrue(r.Value));
    }

    private static Result Add(Call call, Scope scope, bool substitute) =>
        Sequence(AddPair, (v, child) => v is string or Undefined || JsValue.IsNumber(v) ? null : $"{child} is neither a number nor string")(call, scope, substitute);

    private static Result AddPair(object? a, object? b)
    {
        if ((JsValue.IsNullish(a) && JsValue.IsNumber(b)) || (JsValue.IsNullish(b) && JsValue.IsNumber(a)))
        {
            return Result.Fail("Operator '+' or add cannot be applied to operands of type 'number' and null object.");
        }
        if (JsValue.IsNumber(a) && JsValue.IsNumber(b))
        {
            return Result.Ok((double)a! + (double)b!);
        }
        if (JsValue.IsNullish(a) && JsValue.IsNullish(b))
        {
            return Result.Ok("");
        }
        return Result.Ok(JsValue.IsNullish(a) ? JsValue.ToJsString(b)
            : JsValue.IsNullish(b) ? JsValue.ToJsString(a)
            : JsValue.ToJsString(a) + JsValue.ToJsString(b));
    }

    private static Result ConcatPair(object? a, object? b)
    {
        if (JsValue.IsNullish(a) && JsValue.IsNullish(b))
        {
            return Result.Ok(Undefined.Value);
        }
        if (JsValue.IsNullish(a) && b is List<object?>)
        {
            return Result.Ok(b);
        }
        if (JsValue.IsNullish(b) && a is List<object?>)
        {
            return Result.Ok(a);
        }
        if (a is List<object?> la && b is List<object?> lb)
        {
            return Result.Ok(la.Concat(lb).ToList());
        }
        return Result.Ok(CommonStringify(a) + CommonStringify(b));
    }

    /// <summary>adaptive-expressions' commonStringify: "" for null, JSON (outer quotes stripped) for objects.</summary>
    internal static string CommonStringify(object? value) => value switch
    {
        null or Undefined => "",
        List<object?> or OrderedDictionary<string, object?> => JsValue.Stringify(value).Trim('"', '\''),
        _ => JsValue.ToJsString(value),
    };

    private static int Compare(List<object?> args)
    {
        if (JsValue.IsNumber(args[0]) && JsValue.IsNumber(args[1]))
        {
            return ((double)args[0]!).CompareTo((double)args[1]!);
        }
        if (args[0] is string a && args[1] is string b)
        {
            return Math.Sign(string.CompareOrdinal(a, b));
        }
        throw new TemplateException($"{JsValue.ToStringForJoin(args[0])} and {JsValue.ToStringForJoin(args[1])} must be comparable.");
    }

    private const double JsEpsilon = 2.220446049250313e-16; // Number.EPSILON

    internal static bool CommonEquals(object? a, object? b)
    {
        if (JsValue.IsNullish(a) || JsValue.IsNullish(b))
        {
            return JsValue.IsNullish(a) && JsValue.IsNullish(b);
        }
        if (a is List<object?> la && b is List<object?> lb)
        {
            return la.Count == lb.Count && la.Zip(lb).All(p => CommonEquals(p.First, p.Second));
        }
        if (a is OrderedDictionary<string, object?> oa && b is OrderedDictionary<string, object?> ob)
        {
            return oa.Count == ob.Count && DeepEqual(oa, ob);
        }
        if (a is double da && b is double db)
        {
            return Math.Abs(da - db) < JsEpsilon || da == db;
        }
        return a switch
        {
            string sa => b is string sb && sa == sb,
            bool ba => b is bool bb && ba == bb,
            _ => false,
        };
    }

    // lodash isEqual on plain JSON values.
    private static bool DeepEqual(object? a, object? b) => (a, b) switch
    {
        (OrderedDictionary<string, object?> oa, OrderedDictionary<string, object?> ob) =>
            oa.Count == ob.Count && oa.All(kv => ob.TryGetValue(kv.Key, out var v) && DeepEqual(kv.Value, v)),
        (List<object?> la, List<object?> lb) => la.Count == lb.Count && la.Zip(lb).All(p => DeepEqual(p.First, p.Second)),
        (double da, double db) => da == db,
        _ => Equals(a, b),
    };

    private static string? VerifyNotNull(object? value, Expr child) => JsValue.IsNullish(value) ? $"{child} is null." : null;

    private static string? VerifyContainer(object? value, Expr child) =>
        value is string or List<object?> or OrderedDictionary<string, object?> or null ? null : $"{child} must be a string, list, map or object.";

    private static string? VerifyContainerOrNull(object? value, Expr child) =>
        value is string or List<object?> or OrderedDictionary<string, object?> or null or Undefined ? null : $"{child} must be a string, list, map or object.";

    private static string? VerifyStringOrUndefined(object? value, Expr child) =>
        value is string or Undefined ? null : $"{child} is neither a string nor a null object.";

    private static Result Count(List<object?> args) => args[0] switch
    {
        string s => Result.Ok((double)s.Length),
        List<object?> l => Result.Ok((double)l.Count),
        OrderedDictionary<string, object?> o => Result.Ok((double)o.Count),
        _ => Result.Fail("Cannot convert undefined or null to object"),
    };

    private static bool IsEmpty(object? value) => value switch
    {
        null or Undefined => true,
        string s => s.Length == 0,
        List<object?> l => l.Count == 0,
        OrderedDictionary<string, object?> o => o.Count == 0,
        _ => true,
    };

    private static Result Join(Call call, Scope scope, bool substitute) => WithArgs(call, scope, substitute, null, args =>
    {
        if (args[0] is not List<object?> list)
        {
            return Result.Fail($"{call.Args[0]} evaluates to {JsValue.ToStringForJoin(args[0])} which is not a list.");
        }
        var items = list.Select(JsValue.ToStringForJoin).ToList();
        if (args.Count == 2)
        {
            return Result.Ok(string.Join(Separator(args[1]), items));
        }
        if (list.Count < 3)
        {
            return Result.Ok(string.Join(Separator(args[2]), items));
        }
        return Result.Ok(string.Join(Separator(args[1]), items.Take(items.Count - 1)) + JsString(args[2]) + JsString(list[^1]));
    });

    // Array.prototype.join: an undefined separator means ",", anything else is String(separator).
    private static string Separator(object? value) => value is Undefined ? "," : JsString(value);

    // String(x): unlike toString(), defined for null and undefined.
    private static string JsString(object? value) => value switch
    {
        null => "null",
        Undefined => "undefined",
        _ => JsValue.ToJsString(value),
    };

    private static Result StringOf(List<object?> args) => args[0] switch
    {
        string s => Result.Ok(s),
        double d when JsValue.IsNumber(d) => Result.Ok(NumberFormat.Fixed(d, Precision(d))),
        _ => Result.Ok(CommonStringify(args[0])),
    };

    // string(number) keeps as many decimals as the number's own text shows.
    private static int Precision(double d)
    {
        var text = JsValue.NumberToString(d);
        var dot = text.IndexOf('.');
        return dot < 0 ? 0 : text.Length - dot - 1;
    }

    private static Result Int(List<object?> args)
    {
        switch (args[0])
        {
            case string s:
                // A failed parse is NaN there, which the output shows as null where it is used anyway.
                return Scope.ParseIntPrefix(s) is { } v ? Result.Ok(v) : new Result(double.NaN, $"parameter {s} is not a valid number string.");
            case double d when JsValue.IsNumber(d):
                return Result.Ok(Scope.ParseIntPrefix(JsValue.NumberToString(d)) ?? double.NaN);
            default:
                return Result.Ok(Undefined.Value);
        }
    }

    private static Result FormatNumber(List<object?> args)
    {
        if (!JsValue.IsNumber(args[0]))
        {
            return Result.Fail($"formatNumber first argument {JsValue.ToStringForJoin(args[0])} must be a number");
        }
        if (!JsValue.IsNumber(args[1]) || !double.IsInteger((double)args[1]!) || (double)args[1]! < 0)
        {
            return Result.Fail($"formatNumber second argument {JsValue.ToStringForJoin(args[1])} must be a number");
        }
        var number = (double)args[0]!;
        var precision = (int)(double)args[1]!;
        var scale = Math.Pow(10, precision);
        // Math.round: halves go up (towards +infinity).
        var rounded = Math.Floor(number * scale + 0.5) / scale;
        return Result.Ok(NumberFormat.Fixed(rounded, precision));
    }
}
