using System.Text.Json.Nodes;
using ExpertBot.Cards;
using ExpertBot.Features.Conversation;
using ExpertBot.Teams;

namespace ExpertBot.Tests.Cards;

public sealed class CardTemplateTests
{
    [Fact]
    public void User_text_containing_a_binding_comes_out_literally()
    {
        var template = CardTemplate.Parse("""{"type":"TextBlock","text":"Q: ${question}","title":"${question}"}""");
        var card = template.ExpandData(new { Question = "Why is ${price} ${$root.secret} empty? \\${x} `tick`", Secret = "leak" })!;
        Assert.Equal("Q: Why is ${price} ${$root.secret} empty? \\${x} `tick`", card["text"]!.GetValue<string>());
        Assert.Equal("Why is ${price} ${$root.secret} empty? \\${x} `tick`", card["title"]!.GetValue<string>());
    }

    [Fact]
    public void A_parsed_template_binds_many_times_without_changing()
    {
        var template = CardTemplate.Parse("""{"body":[{"$data":"${items}","text":"${$index}:${name}"}]}""");
        var first = template.Expand(JsonNode.Parse("""{"items":[{"name":"a"},{"name":"b"}]}"""))!;
        var second = template.Expand(JsonNode.Parse("""{"items":[{"name":"c"}]}"""))!;
        var third = template.Expand(JsonNode.Parse("""{"items":[{"name":"a"},{"name":"b"}]}"""))!;
        Assert.Equal("""{"body":[{"text":"0:a"},{"text":"1:b"}]}""", first.ToJsonString());
        Assert.Equal("""{"body":[{"text":"0:c"}]}""", second.ToJsonString());
        Assert.Equal(first.ToJsonString(), third.ToJsonString());
    }

    [Fact]
    public void Parts_without_bindings_are_shared_between_cards_but_every_card_is_its_own()
    {
        // The actions and the nested static container have no binding: expanded once when parsed, shared after.
        var template = CardTemplate.Parse("""{"body":[{"type":"Container","items":[{"type":"TextBlock","text":"Static"}]},{"type":"TextBlock","text":"${name}"}],"actions":[{"type":"Action.Execute","verb":"go","data":{"kind":[1,[2,3]]}}]}""");
        var first = template.ExpandData(new { Name = "a" })!;
        first["body"]![0]!["items"]![0]!["text"] = "changed by the first caller";
        first["actions"]!.AsArray().Clear();
        var second = template.ExpandData(new { Name = "b" })!;
        var third = template.ExpandDataToElement(new { Name = "c" })!.Value;

        Assert.Equal("""{"body":[{"type":"Container","items":[{"type":"TextBlock","text":"Static"}]},{"type":"TextBlock","text":"b"}],"actions":[{"type":"Action.Execute","verb":"go","data":{"kind":[1,2,3]}}]}""", second.ToJsonString());
        Assert.Equal(second.ToJsonString().Replace("\"b\"", "\"c\""), third.GetRawText());
    }

    [Fact]
    public void Binds_nodes_built_in_code_and_records()
    {
        var template = CardTemplate.Parse("""{"a":"${n + 1}","b":"${m}","c":"${count(items)}"}""");
        var fromNodes = template.Expand(new JsonObject { ["n"] = 41, ["m"] = 2.5m, ["items"] = new JsonArray(1L, 2L) })!;
        Assert.Equal("""{"a":42,"b":2.5,"c":2}""", fromNodes.ToJsonString());
        var fromRecord = template.ExpandData(new { N = 41, M = 2.5, Items = (int[])[1, 2] })!;
        Assert.Equal(fromNodes.ToJsonString(), fromRecord.ToJsonString());
    }

    [Fact]
    public void The_card_library_parses_each_template_once()
    {
        var library = new CardLibrary(CardRepo.Cards);
        Assert.Same(library.Template("help"), library.Template("help"));
        var card = library.Card("welcome", new WelcomeCard("ExpertBot", "Dana"));
        Assert.Contains("Hi Dana!", card["body"]![1]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_for_fixed_data_is_bound_once_and_other_data_is_bound_afresh()
    {
        var library = new CardLibrary(CardRepo.Cards);
        var data = new CountingHelpData();

        var first = library.FixedCard("help", data);
        var readsAfterFirstBind = data.Reads;
        var again = library.FixedMessage("help", data).Attachments![0].Content!.Value;

        Assert.True(readsAfterFirstBind > 0);
        Assert.Equal(readsAfterFirstBind, data.Reads); // not bound again: the view data was not even read
        Assert.True(System.Text.Json.JsonElement.DeepEquals(first, again));
        Assert.Equal(library.Card("help", new CountingHelpData()).ToJsonString(), first.GetRawText()); // what a fresh bind gives
        // Each message is its own activity (the connector writes the addressing into it).
        Assert.NotSame(library.FixedMessage("help", data), library.FixedMessage("help", data));

        // Other data under the same card name is bound, never answered with the cached card.
        var other = new CountingHelpData { BotName = "OtherBot" };
        Assert.Contains("OtherBot", library.FixedCard("help", other).GetRawText(), StringComparison.Ordinal);
        Assert.True(other.Reads > 0);
        Assert.DoesNotContain("OtherBot", library.FixedCard("help", data).GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>The help card's view data, counting how often the binder reads it.</summary>
    private sealed class CountingHelpData
    {
        private string _botName = "ExpertBot";

        public int Reads { get; private set; }

        public string BotName
        {
            get { Reads++; return _botName; }
            init => _botName = value;
        }

        public IReadOnlyList<HelpCommand> Commands { get; } = HelpCard.Default.Commands;

        public string ChannelHint { get; } = HelpCard.Default.ChannelHint;
    }

    [Theory]
    [InlineData("""{"text":"${1 +}"}""")]
    [InlineData("""{"text":"${if(a, b)}"}""")]
    [InlineData("""{"text":"`x` ${a}"}""")]
    [InlineData("""{"text": }""")]
    public void A_bad_template_is_refused_with_a_clear_error(string json)
    {
        var ex = Assert.Throws<TemplateException>(() => CardTemplate.Parse(json));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void An_unknown_function_fails_the_binding()
    {
        var template = CardTemplate.Parse("""{"text":"${frobnicate(1)}"}""");
        var ex = Assert.Throws<TemplateException>(() => template.Expand(new JsonObject()));
        Assert.Contains("frobnicate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_with_a_broken_template_refuses_to_start()
    {
        var folder = Directory.CreateTempSubdirectory("expertbot-cards-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "broken.json"), """{"text":"${(}"}""");
            var ex = Assert.Throws<InvalidOperationException>(() => new CardLibrary(folder.FullName));
            Assert.Contains("broken.json", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
