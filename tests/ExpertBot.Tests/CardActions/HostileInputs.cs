using System.Text;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.CardActions;

/// <summary>One generated input: the body to post, what it tries, and whether it may change anything when it works.</summary>
internal sealed record HostileInput(string Category, byte[] Body, bool IsTurn = false);

/// <summary>
/// Generates activities and card actions an attacker or a broken client would send, from a seed (so a failure can be run
/// again): bodies that are not JSON or not UTF-8, deep nesting, every field of a valid activity given the wrong JSON kind,
/// text with every kind of Unicode trouble, unknown invokes and verbs, card data edited or replayed, and every verb used
/// by someone outside its rule.
/// </summary>
internal sealed class HostileInputs(CardActionHost host, Random random)
{
    private static readonly string[] Troubles =
    [
        "\\udfff", "\\ud800", "\\ud800\\u0041", "\\u0000", "\\u202e", "\\ufeff", "\\uffff", "a\\u0301\\u0301\\u0301", "😀", "👨‍👩‍👧‍👦",
        "${title}", "${join(experts, ',')}", "{{title}}", "**bold** [link](http://evil.example)", "<at>Megan</at>", "<script>x</script>",
        "' OR 1=1 --", "\\\"}]}", "Q-1", "-1", "9999999999999999999999", "0x10", "1e400", "NaN", "", " ",
    ];

    private static readonly string[] Kinds = ["0", "-1.5e308", "true", "false", "null", "[]", "[null]", "{}", "\"\"", "\"x\"", "[[[]]]", "{\"a\":{}}"];

    public HostileInput Next(IReadOnlyList<(string User, string Verb, JsonObject Data)> signedClicks)
    {
        return random.Next(7) switch
        {
            0 => Garbage(),
            1 => Nested(),
            2 => WrongKind(),
            3 => BadText(),
            4 => UnknownInvoke(),
            5 => Tampered(signedClicks[random.Next(signedClicks.Count)]),
            _ => OutsideTheRule(signedClicks[random.Next(signedClicks.Count)]),
        };
    }

    private HostileInput Garbage()
    {
        var bytes = new byte[random.Next(1, 300)];
        random.NextBytes(bytes);
        // Half of them start like an activity, so the parser gets past the first byte.
        var start = random.Next(2) == 0 ? "{\"type\":\"message\",\"text\":\""u8.ToArray() : [];
        return new HostileInput("garbage", [.. start, .. bytes]);
    }

    private HostileInput Nested()
    {
        var depth = random.Next(60, 3000);
        var open = random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var body = $"{{\"type\":\"message\",\"value\":{string.Concat(Enumerable.Repeat(open, depth))}1{string.Concat(Enumerable.Repeat(close, random.Next(2) == 0 ? depth : depth / 2))}}}";
        return new HostileInput("deeply nested", Encoding.UTF8.GetBytes(body));
    }

    private static readonly string[] Fields =
    [
        "type", "id", "channelId", "serviceUrl", "from", "from.id", "from.aadObjectId", "from.name", "recipient", "recipient.id", "conversation",
        "conversation.id", "conversation.conversationType", "conversation.tenantId", "text", "textFormat", "replyToId", "name", "value",
        "entities", "attachments", "channelData", "channelData.tenant", "membersAdded", "timestamp", "locale",
    ];

    private HostileInput WrongKind()
    {
        var invoke = random.Next(2) == 0;
        var activity = JsonNode.Parse(host.Activity("0b000000-0000-4000-8000-00000000beef", invoke ? "invoke" : "message", null, null, invoke
            ? new JsonObject { ["name"] = "adaptiveCard/action", ["value"] = new JsonObject { ["action"] = new JsonObject { ["verb"] = "follow", ["data"] = new JsonObject() } } }
            : new JsonObject { ["text"] = "" }))!.AsObject();
        var field = Fields[random.Next(Fields.Length)];
        var kind = Kinds[random.Next(Kinds.Length)];
        if (field == "text" && kind.StartsWith('"'))
        {
            kind = "[]"; // Text that is text would be a question: that is not hostile, and it would change what is stored.
        }
        var path = field.Split('.');
        var parent = path.Length == 1 ? activity : activity[path[0]] as JsonObject ?? (JsonObject)(activity[path[0]] = new JsonObject());
        parent[path[^1]] = JsonNode.Parse(kind);
        // A message whose text is empty is answered with help: a turn, but one that changes nothing stored.
        return new HostileInput($"wrong kind at {field}", Encoding.UTF8.GetBytes(activity.ToJsonString()),
            IsTurn: activity["type"] is JsonValue type && type.ToString() == "message");
    }

    private HostileInput BadText()
    {
        var field = Fields[random.Next(Fields.Length)];
        var trouble = Troubles[random.Next(Troubles.Length)];
        var activity = host.Activity("0b000000-0000-4000-8000-00000000beef", "invoke", null, null, new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "TROUBLE", ["data"] = new JsonObject { ["questionId"] = "TROUBLE", ["sig"] = "TROUBLE", ["reply"] = "TROUBLE" } } },
        });
        // The trouble is spliced into the JSON text as written (escapes included), where a JSON writer would refuse it.
        var body = activity.Replace("TROUBLE", trouble, StringComparison.Ordinal);
        if (random.Next(2) == 0)
        {
            body = body.Replace($"\"{field.Split('.')[^1]}\":\"", $"\"{field.Split('.')[^1]}\":\"{trouble}", StringComparison.Ordinal);
        }
        return new HostileInput($"text {trouble} in {field}", Encoding.UTF8.GetBytes(body));
    }

    private static readonly string[] InvokeNames =
    [
        "adaptiveCard/action", "composeExtension/query", "composeExtension/fetchTask", "task/fetch", "task/submit", "signin/verifyState",
        "fileConsent/invoke", "actionableMessage/executeAction", "config/fetch", "healthCheck", "", "ADAPTIVECARD/ACTION", "../../etc/passwd",
    ];

    private static readonly string[] Verbs =
    [
        "dropTables", "", "ACCEPTANSWER", "acceptAnswer ", "askQuestion\u0000", "__proto__", "constructor", "showHelp/../askQuestion", new string('v', 5000),
    ];

    private HostileInput UnknownInvoke()
    {
        var name = InvokeNames[random.Next(InvokeNames.Length)];
        var verb = Verbs[random.Next(Verbs.Length)];
        var body = host.Activity("0b000000-0000-4000-8000-00000000beef", "invoke", null, null, new JsonObject
        {
            ["name"] = name,
            ["value"] = random.Next(3) switch
            {
                0 => new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = new JsonObject() } },
                1 => new JsonObject { ["action"] = JsonNode.Parse(Kinds[random.Next(Kinds.Length)]) },
                _ => JsonNode.Parse(Kinds[random.Next(Kinds.Length)]),
            },
        });
        return new HostileInput($"invoke {name} verb {verb[..Math.Min(20, verb.Length)]}", Encoding.UTF8.GetBytes(body));
    }

    private HostileInput Tampered((string User, string Verb, JsonObject Data) click)
    {
        var data = (JsonObject)click.Data.DeepClone();
        var sig = data["sig"]!.ToString();
        // Only what the card vouches for (its signed references); its inputs are the person's to type.
        var signed = sig.Split('.')[..^1];
        var key = signed[random.Next(signed.Length)];
        switch (random.Next(6))
        {
            case 0:
                var shift = random.Next(1, 4) * (random.Next(2) == 0 ? -1 : 1);
                data[key] = (long.TryParse(data[key]!.ToString(), out var n) ? n + shift : 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case 1:
                data["sig"] = sig[..random.Next(sig.Length)];
                break;
            case 2:
                data["sig"] = sig.Replace(sig[^1], sig[^1] == 'A' ? 'B' : 'A');
                break;
            case 3:
                data.Remove("sig");
                break;
            case 4:
                data[key] = " " + data[key];
                break;
            default:
                data["sig"] = "questionId.replyId.articleId." + sig.Split('.')[^1];
                break;
        }
        return new HostileInput($"tampered {click.Verb}", Encoding.UTF8.GetBytes(Click(click.User, click.Verb, data)));
    }

    private HostileInput OutsideTheRule((string User, string Verb, JsonObject Data) click)
    {
        // Someone the question has no tie to (not in the directory), with genuine card data.
        var outsider = $"0b000000-0000-4000-8000-{random.Next(0x10000000):x12}";
        return new HostileInput($"outsider {click.Verb}", Encoding.UTF8.GetBytes(Click(outsider, click.Verb, click.Data)));
    }

    public string Click(string user, string verb, JsonObject data) => host.Activity(user, "invoke", null, null, new JsonObject
    {
        ["name"] = "adaptiveCard/action",
        ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() } },
    });
}
