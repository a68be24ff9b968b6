using System.Text.Json;
using System.Text.Json.Nodes;
using ExpertBot.Cards;
using ExpertBot.Hosting;

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

    private const string Usage = """
        usage: render-card <cards/NAME.json> --data <DATA.json>
          Binds a card template to view data with the product's own templating engine and prints the card.
          Relative paths are read from the directory the command was started in.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (CommandLine.WantsHelp(args))
        {
            stdout.WriteLine(Usage);
            return 0;
        }
        var dataAt = Array.IndexOf(args, "--data");
        if (args.Length != 4 || dataAt != 2)
        {
            stderr.WriteLine(Usage);
            return 2;
        }
        var templatePath = CommandLine.Resolve(args[1]);
        var dataPath = CommandLine.Resolve(args[3]);
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
