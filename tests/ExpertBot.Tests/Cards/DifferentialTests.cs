using System.Text;
using System.Text.Json.Nodes;
using ExpertBot.Cards;

namespace ExpertBot.Tests.Cards;

/// <summary>
/// Random expressions (fixed seed, so a failure reproduces) over the supported functions and operators, bound as a
/// whole-string value, inside an interpolated string and as a $when, compared with the official engine.
/// </summary>
public sealed class DifferentialTests
{
    private const int Count = 1500;

    private static readonly JsonNode Data = JsonNode.Parse("""
        {"s":"abc","e":"","n":3,"f":2.5,"neg":-7,"z":0,"b":true,"no":false,"nul":null,
         "list":["x","y","z"],"nums":[1,2,3],"empty":[],"obj":{"k":"v","n":1},"when":"2026-03-04T05:06:07Z",
         "people":[{"name":"A","age":30},{"name":"B","age":41}]}
        """)!;

    private static readonly string[] Atoms =
    [
        "s", "e", "n", "f", "neg", "z", "b", "no", "nul", "list", "nums", "empty", "obj", "obj.k", "obj.n", "list[0]", "nums[2]",
        "people[1].name", "missing", "missing.x", "$root.s", "$data.n", "'a'", "'x y'", "1", "0", "2.5", "true", "false", "null", "when",
    ];

    private static readonly (string Name, int Args)[] Calls =
    [
        ("if", 3), ("equals", 2), ("not", 1), ("and", 2), ("or", 2), ("count", 1), ("length", 1), ("join", 2), ("join", 3),
        ("concat", 2), ("empty", 1), ("exists", 1), ("coalesce", 2), ("string", 1), ("int", 1), ("add", 2), ("sub", 2),
        ("formatNumber", 2), ("formatDateTime", 2), ("toUpper", 1), ("less", 2), ("greaterOrEquals", 2), ("mul", 2),
    ];

    private static readonly string[] DateFormats =
    [
        "'yyyy-MM-dd'", "'MMM d h:mm tt'", "'dddd HH:mm:ss'", "'o'", "'dd/MM/yy H:m:s zzz'", "'ddddd yyyyy MMMMM'",
        "'hh:mm:ss.fff t K'", "'f'", "'g'", "'R'", "'d \\'of\\' MMMM'", "'%d'", "'yyy'", "'Y a A D'",
    ];

    private static readonly string[] Operators = ["==", "!=", "<", ">", "<=", ">=", "&&", "||", "+", "-", "*", "??", "&"];

    [Fact]
    public void Random_expressions_evaluate_like_the_official_engine()
    {
        var random = new Random(20261123);
        var batch = new JsonArray();
        var templates = new List<JsonNode>();
        for (var i = 0; i < Count; i++)
        {
            var expr = Generate(random, depth: 3);
            var template = new JsonObject
            {
                ["v"] = "${" + expr + "}",
                ["t"] = "[${" + expr + "}]",
                ["w"] = new JsonArray(new JsonObject { ["$when"] = "${" + expr + "}", ["k"] = 1 }),
            };
            templates.Add(template);
            batch.Add(new JsonObject { ["name"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["template"] = template.DeepClone(), ["data"] = Data.DeepClone() });
        }
        var oracle = CardRepo.RunNode("expand.js", batch).AsArray();

        var failures = new StringBuilder();
        for (var i = 0; i < Count; i++)
        {
            var expected = oracle[i]!.AsObject();
            string? ours;
            string? error = null;
            try
            {
                ours = CardTemplate.Parse(templates[i].DeepClone()).Expand(Data)?.ToJsonString();
            }
            catch (TemplateException ex)
            {
                ours = null;
                error = ex.Message;
            }
            var difference = (expected.ContainsKey("error"), error is not null) switch
            {
                (true, true) => null,
                (true, false) => $"official engine failed ({expected["error"]}), we gave {ours}",
                (false, true) => $"we failed ({error}), official engine gave {expected["result"]?.ToJsonString()}",
                _ => JsonCompare.FirstDifference(expected["result"], JsonNode.Parse(ours!)),
            };
            if (difference is not null)
            {
                failures.AppendLine($"{templates[i]["v"]}: {difference}");
            }
        }
        Assert.True(failures.Length == 0, failures.ToString());
        Assert.True(oracle.Count(r => r!.AsObject().ContainsKey("result")) > Count / 2, "most random expressions failed in the official engine");
    }

    private static readonly string[] DataSources =
    [
        "${people}", "${list}", "${obj}", "${missing}", "${nul}", "${empty}", "${nums}", "${$root.people}", "${people[0]}", "${s}",
    ];

    private static readonly string[] Leaves =
    [
        "${name}", "${$index}", "${$data}", "x ${name} y", "${age + 1}", "${$root.s}", "${count($data)}", "plain", "${missing}",
        "${if(exists(name), name, 'none')}", "${concat(name, '!')}", "${formatNumber(age, 1)}",
    ];

    private static readonly string[] Conditions =
    [
        "${true}", "${false}", "${exists(name)}", "${age > 35}", "${$index == 1}", "${missing}", "${equals($data, 'y')}", "${name}", "true", "",
    ];

    [Fact]
    public void Random_templates_expand_like_the_official_engine()
    {
        var random = new Random(42);
        var batch = new JsonArray();
        var templates = new List<JsonNode?>();
        for (var i = 0; i < 300; i++)
        {
            var template = GenerateNode(random, depth: 4);
            templates.Add(template);
            batch.Add(new JsonObject { ["name"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["template"] = template?.DeepClone(), ["data"] = Data.DeepClone() });
        }
        var oracle = CardRepo.RunNode("expand.js", batch).AsArray();
        var failures = new StringBuilder();
        for (var i = 0; i < templates.Count; i++)
        {
            var expected = oracle[i]!.AsObject();
            try
            {
                var ours = CardTemplate.Parse(templates[i]?.DeepClone()).Expand(Data);
                var difference = expected.ContainsKey("error")
                    ? $"official engine failed ({expected["error"]}), we gave {ours?.ToJsonString()}"
                    : JsonCompare.FirstDifference(expected["result"], ours);
                if (difference is not null)
                {
                    failures.AppendLine($"{templates[i]?.ToJsonString()}: {difference}");
                }
            }
            catch (TemplateException ex) when (!expected.ContainsKey("error"))
            {
                failures.AppendLine($"{templates[i]?.ToJsonString()}: we failed ({ex.Message}), official engine gave {expected["result"]?.ToJsonString()}");
            }
            catch (TemplateException)
            {
                // Both failed.
            }
        }
        Assert.True(failures.Length == 0, failures.ToString());
        // The comparison means something only if most templates expand (rather than both engines failing).
        Assert.True(oracle.Count(r => r!.AsObject().ContainsKey("result")) > templates.Count / 2, "most random templates failed in the official engine");
    }

    private static JsonNode? GenerateNode(Random random, int depth)
    {
        var roll = random.Next(depth <= 0 ? 3 : 10);
        switch (roll)
        {
            case 0:
                return Leaves[random.Next(Leaves.Length)];
            case 1:
                return random.Next(3) switch { 0 => null, 1 => 7, _ => false };
            case 2:
                return "${" + Atoms[random.Next(Atoms.Length)] + "}";
            case < 6:
                var array = new JsonArray();
                for (var i = random.Next(4); i > 0; i--)
                {
                    array.Add(GenerateNode(random, depth - 1));
                }
                return array;
            default:
                var obj = new JsonObject();
                if (random.Next(2) == 0)
                {
                    obj["$data"] = random.Next(6) == 0 ? new JsonArray(new JsonObject { ["name"] = "lit" }, "y") : DataSources[random.Next(DataSources.Length)];
                }
                if (random.Next(3) == 0)
                {
                    obj["$when"] = Conditions[random.Next(Conditions.Length)];
                }
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    obj["p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = GenerateNode(random, depth - 1);
                }
                return obj;
        }
    }

    private static string Generate(Random random, int depth)
    {
        var roll = random.Next(depth <= 0 ? 1 : 10);
        if (roll < 3)
        {
            return Atoms[random.Next(Atoms.Length)];
        }
        if (roll < 7)
        {
            var (name, args) = Calls[random.Next(Calls.Length)];
            var list = Enumerable.Range(0, args).Select(_ => Generate(random, depth - 1));
            // formatNumber and formatDateTime want a precision and a format: give them a sensible one half the time.
            if (name == "formatNumber" && random.Next(2) == 0)
            {
                list = [Generate(random, depth - 1), random.Next(4).ToString(System.Globalization.CultureInfo.InvariantCulture)];
            }
            if (name == "formatDateTime" && random.Next(2) == 0)
            {
                list = ["when", DateFormats[random.Next(DateFormats.Length)]];
            }
            return $"{name}({string.Join(", ", list)})";
        }
        if (roll < 9)
        {
            return $"{Generate(random, depth - 1)} {Operators[random.Next(Operators.Length)]} {Generate(random, depth - 1)}";
        }
        return random.Next(2) == 0 ? $"!{Generate(random, depth - 1)}" : $"({Generate(random, depth - 1)})";
    }
}
