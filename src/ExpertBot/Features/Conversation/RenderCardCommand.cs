using System.Text.Json;
using System.Text.Json.Nodes;
using ExpertBot.Cards;

namespace ExpertBot.Features.Conversation;

/// <summary>
/// <c>render-card cards/NAME.json --data DATA.json</c>: prints the bound card, for card authors and checks.
/// Exit 0 with the card JSON on stdout; 2 with a message on stderr for a bad path, template or data.
/// </summary>
internal static class RenderCardCommand
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var dataAt = Array.IndexOf(args, "--data");
        if (args.Length != 4 || dataAt != 2)
        {
            stderr.WriteLine("usage: render-card <cards/NAME.json> --data <DATA.json>");
            return 2;
        }
        var templatePath = args[1];
        var dataPath = args[3];
        try
        {
            var template = CardTemplate.Parse(ReadFile(templatePath, "template"));
            JsonNode? data;
            try
            {
                data = JsonNode.Parse(ReadFile(dataPath, "data"));
            }
            catch (JsonException ex)
            {
                throw new TemplateException($"The data file {dataPath} is not valid JSON: {ex.Message}");
            }
            var card = template.Expand(data);
            stdout.WriteLine(card?.ToJsonString(Indented) ?? "null");
            return 0;
        }
        catch (TemplateException ex)
        {
            stderr.WriteLine($"render-card: {ex.Message}");
            return 2;
        }
    }

    private static string ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new TemplateException($"Cannot read the {what} file '{path}': {ex.Message}");
        }
    }
}
