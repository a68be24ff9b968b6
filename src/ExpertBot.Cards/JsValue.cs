using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExpertBot.Cards;

/// <summary>JavaScript's <c>undefined</c>: the official engine tells "absent" (undefined) from "null" and so must we.</summary>
internal sealed class Undefined
{
    public static readonly Undefined Value = new();

    private Undefined()
    {
    }

    public override string ToString() => "undefined";
}

/// <summary>
/// Values during evaluation mirror JavaScript's, because the oracle (adaptive-expressions) is JavaScript:
/// null, <see cref="Undefined"/>, bool, double, string, <see cref="List{T}"/> (array) and
/// <see cref="OrderedDictionary{TKey, TValue}"/> (object, insertion ordered like JS objects).
/// </summary>
internal static class JsValue
{
    public static bool IsNullish(object? value) => value is null or Undefined;

    public static bool IsNumber(object? value) => value is double d && !double.IsNaN(d);

    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => FromObject(o),
        JsonArray a => a.Select(FromJson).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            // Nodes built in code may hold an int, long or decimal: read any of them as JavaScript's double.
            JsonValueKind.Number => v.TryGetValue<double>(out var d) ? d : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
        _ => null,
    };

    /// <summary>The same as <see cref="FromJson(JsonNode?)"/> from a parsed document (no node tree to build first).</summary>
    public static object? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => FromObject(element),
        JsonValueKind.Array => FromArray(element),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static List<object?> FromArray(JsonElement array)
    {
        var result = new List<object?>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            result.Add(FromElement(item));
        }
        return result;
    }

    private static OrderedDictionary<string, object?> FromObject(JsonElement o)
    {
        var result = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in o.EnumerateObject())
        {
            // Last one wins for a repeated name, as with JsonObject and JSON.parse.
            result[property.Name] = FromElement(property.Value);
        }
        return result;
    }

    /// <summary>Writes the value as <see cref="ToJson"/> would make it, straight to JSON text (no node tree in between).</summary>
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null or Undefined:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case double:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case OrderedDictionary<string, object?> obj:
                writer.WriteStartObject();
                foreach (var (key, item) in obj)
                {
                    if (item is not Undefined)
                    {
                        writer.WritePropertyName(key);
                        Write(writer, item);
                    }
                }
                writer.WriteEndObject();
                break;
            default:
                throw new InvalidOperationException($"Unexpected value type {value.GetType()}");
        }
    }

    private static OrderedDictionary<string, object?> FromObject(JsonObject o)
    {
        var result = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in o)
        {
            result[key] = FromJson(value);
        }
        return result;
    }

    /// <summary>As <c>JSON.stringify</c> would write it (undefined object members are left out, undefined array items become null).</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null or Undefined => null,
        bool b => JsonValue.Create(b),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
        string s => JsonValue.Create(s),
        List<object?> list => new JsonArray(list.Select(ToJson).ToArray()),
        OrderedDictionary<string, object?> obj => ToJsonObject(obj),
        _ => throw new InvalidOperationException($"Unexpected value type {value.GetType()}"),
    };

    private static JsonObject ToJsonObject(OrderedDictionary<string, object?> obj)
    {
        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (value is not Undefined)
            {
                result[key] = ToJson(value);
            }
        }
        return result;
    }

    /// <summary>JavaScript's <c>value.toString()</c>; null and undefined throw like JS does (a TypeError there).</summary>
    public static string ToJsString(object? value) => value switch
    {
        null => throw new TemplateException("Cannot read properties of null (reading 'toString')"),
        Undefined => throw new TemplateException("Cannot read properties of undefined (reading 'toString')"),
        _ => ToStringForJoin(value),
    };

    /// <summary><c>String(x)</c> as Array.prototype.join applies it to items: null and undefined become "".</summary>
    public static string ToStringForJoin(object? value) => value switch
    {
        null or Undefined => "",
        bool b => b ? "true" : "false",
        double d => NumberToString(d),
        string s => s,
        List<object?> list => string.Join(",", list.Select(ToStringForJoin)),
        OrderedDictionary<string, object?> => "[object Object]",
        _ => value.ToString() ?? "",
    };

    /// <summary>JSON.stringify of a value (used by string() and commonStringify for objects).</summary>
    public static string Stringify(object? value)
    {
        var node = ToJson(value);
        return node is null ? "null" : node.ToJsonString(CompactJson);
    }

    private static readonly JsonSerializerOptions CompactJson = new()
    {
        // JSON.stringify escapes only what JSON requires.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Number.prototype.toString(): shortest round-trip digits, exponent form outside 1e-7..1e21.</summary>
    public static string NumberToString(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0)
        {
            return "0";
        }
        // Shortest digits: "R" gives them but in .NET's own layout; take digits and exponent from it.
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        if (negative)
        {
            shortest = shortest[1..];
        }
        string mantissa;
        int exponent;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            mantissa = shortest;
            exponent = 0;
        }
        // Normalise to digits "d1d2d3..." and decimal exponent n such that value = 0.d1d2d3 * 10^n.
        var dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        var n = intPart.Length - leadingZeros + exponent;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return "0";
        }
        var k = digits.Length;
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }
        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            sb.Append(digits[0]);
            if (k > 1)
            {
                sb.Append('.').Append(digits, 1, k - 1);
            }
            sb.Append('e').Append(n - 1 >= 0 ? "+" : "-").Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Truthiness as adaptive-expressions' isLogicTrue: only false, null and undefined are false.</summary>
    public static bool IsLogicTrue(object? value) => value switch
    {
        bool b => b,
        null or Undefined => false,
        _ => true,
    };

    /// <summary>JavaScript's <c>!value</c> falsiness (used by accessProperty).</summary>
    public static bool IsFalsy(object? value) => value switch
    {
        null or Undefined => true,
        bool b => !b,
        double d => d == 0 || double.IsNaN(d),
        string s => s.Length == 0,
        _ => false,
    };
}
