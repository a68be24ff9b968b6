using System.Text.Json.Nodes;
using ExpertBot.CardActions;
using ExpertBot.Tests.Cards;
using ExpertBot.Tests.Host;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.CardActions;

/// <summary>The verb table against the cards and the README: no verb without its handler and rule, no handler without a card.</summary>
public sealed class CardVerbTableTests(BotApp app) : IClassFixture<BotApp>
{
    private IReadOnlyCollection<CardVerbRegistration> Registered => app.Services.GetRequiredService<CardVerbs>().All;

    [Fact]
    public void Every_verb_on_a_card_has_a_handler_and_every_handler_is_on_a_card()
    {
        var onCards = CardRepo.CardNames().SelectMany(card => Verbs(CardRepo.Read(CardRepo.TemplatePath(card)))).ToHashSet(StringComparer.Ordinal);
        var handled = Registered.Select(r => r.Verb).ToHashSet(StringComparer.Ordinal);

        Assert.True(onCards.Count >= 10, "The cards' verbs were not found.");
        Assert.Empty(onCards.Except(handled));
        Assert.Empty(handled.Except(onCards));
    }

    [Fact]
    public void Every_verb_declares_who_may_use_it_and_a_limited_verb_says_what_it_is_about()
    {
        Assert.All(Registered, r =>
        {
            Assert.NotEqual((Who)0, r.Who);
            Assert.True(r.Who.HasFlag(Who.AnyoneInTenant) || typeof(IAboutSubject).IsAssignableFrom(r.DataType), r.Verb);
        });
    }

    [Fact]
    public void The_table_refuses_a_verb_that_admits_nobody_or_limits_people_without_a_subject()
    {
        static CardVerbRegistration Verb(Who who, Type data) => new("x", who, data, _ => new object(), (_, _, _, _, _, _) => throw new InvalidOperationException());

        Assert.Throws<InvalidOperationException>(() => new CardVerbs([Verb(0, typeof(object))]));
        Assert.Throws<InvalidOperationException>(() => new CardVerbs([Verb(Who.Asker, typeof(object))]));
        Assert.Throws<InvalidOperationException>(() => new CardVerbs([Verb(Who.AnyoneInTenant, typeof(object)), Verb(Who.AnyoneInTenant, typeof(object))]));
    }

    [Fact]
    public void The_readme_says_who_may_use_each_verb()
    {
        var readme = File.ReadAllLines(Path.Combine(CardRepo.Root, "README.md"));

        Assert.All(Registered, r =>
        {
            var row = readme.FirstOrDefault(line => line.StartsWith($"| `{r.Verb}` |", StringComparison.Ordinal));
            Assert.True(row is not null, $"README.md has no row for `{r.Verb}` in its table of card actions.");
            var who = row!.Split('|', StringSplitOptions.TrimEntries)[2];
            Assert.Equal(Describe(r.Who), who);
        });
    }

    /// <summary>The README's words for a rule.</summary>
    internal static string Describe(Who who) => who.HasFlag(Who.AnyoneInTenant)
        ? "anyone in the tenant"
        : WhoText.Describe(who) + (who.HasFlag(Who.Colleague) ? "; anyone, with Questions:OpenToCompany" : "");

    private static IEnumerable<string> Verbs(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"]?.ToString() == "Action.Execute" && o["verb"] is JsonValue verb)
                {
                    yield return verb.ToString();
                }
                if (o["type"]?.ToString() == "Action.Submit" && o["data"]?["verb"] is JsonValue submitted)
                {
                    yield return submitted.ToString();
                }
                foreach (var (_, child) in o)
                {
                    foreach (var v in Verbs(child))
                    {
                        yield return v;
                    }
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var v in Verbs(child))
                    {
                        yield return v;
                    }
                }
                break;
        }
    }
}
