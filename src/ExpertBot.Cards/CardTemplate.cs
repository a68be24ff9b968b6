using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExpertBot.Cards;

/// <summary>
/// An Adaptive Card template (the Adaptive Card Templating language: <c>${expr}</c>, <c>$data</c>, <c>$when</c>,
/// <c>$root</c>, <c>$index</c>), parsed once and bound to data many times; thread-safe. The output matches the
/// official adaptivecards-templating 2.3.1 engine. Data is only ever read, never parsed as template, so user text
/// containing "${...}" comes out literally.
/// </summary>
public sealed class CardTemplate
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    private readonly TemplateNode _root;

    private CardTemplate(TemplateNode root) => _root = root;

    /// <summary>Parses a template; a malformed JSON text or expression throws <see cref="TemplateException"/>.</summary>
    public static CardTemplate Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new TemplateException($"The template is not valid JSON: {ex.Message}");
        }
        return Parse(node);
    }

    public static CardTemplate Parse(JsonNode? template) => new(TemplateNode.Prepare(template));

    /// <summary>Binds <paramref name="data"/> as <c>$root</c>; throws <see cref="TemplateException"/> where the official engine throws.</summary>
    public JsonNode? Expand(JsonNode? data) => Bind(new Scope(JsValue.FromJson(data)));

    /// <summary>Binds a .NET object (a record of view data) serialized with <paramref name="options"/> (web defaults when null).</summary>
    public JsonNode? ExpandData<T>(T data, JsonSerializerOptions? options = null) =>
        Expand(JsonSerializer.SerializeToNode(data, options ?? JsonSerializerOptions.Web));

    /// <summary>
    /// <see cref="ExpandData"/> straight to an immutable <see cref="JsonElement"/> (what a message attachment carries), with
    /// neither the data nor the result built as a node tree on the way: binding is on every card-sending path. Null when
    /// the template expands to nothing.
    /// </summary>
    public JsonElement? ExpandDataToElement<T>(T data, JsonSerializerOptions? options = null)
    {
        var expanded = ExpandRoot(new Scope(JsValue.FromElement(JsonSerializer.SerializeToElement(data, options ?? JsonSerializerOptions.Web))));
        if (JsValue.IsNullish(expanded))
        {
            return null;
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsValue.Write(writer, expanded);
        }
        return JsonElement.Parse(buffer.WrittenSpan);
    }

    /// <summary>Expands without any data (<c>$root</c> undefined): every binding stays as its "${...}" text.</summary>
    public JsonNode? ExpandWithoutData() => Bind(new Scope(Undefined.Value));

    private JsonNode? Bind(Scope scope) => JsValue.ToJson(ExpandRoot(scope));

    private object? ExpandRoot(Scope scope)
    {
        try
        {
            return _root.Expand(scope);
        }
        catch (InvalidCastException ex)
        {
            throw new TemplateException($"Template expansion failed: {ex.Message}");
        }
    }
}
