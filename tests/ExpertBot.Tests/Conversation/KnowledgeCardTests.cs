using System.Text.Json.Nodes;
using ExpertBot.Features.Questions;

// Not "...Conversation": the end-to-end tests have a helper of that name, which a namespace would hide.
namespace ExpertBot.Tests.Conversations;

/// <summary>
/// Issue 14, items 12 and 13 on the knowledge suggestion: "Yes, that answers it" records the article the card showed
/// (the one clicked, not a new search), the resolved card offers no Rate without contributors, and a refusal comes as a
/// message beside the card (the invoke's message response), never as a card that replaces it.
/// </summary>
public sealed class KnowledgeCardTests : IAsyncDisposable
{
    private const string MessageResponse = "application/vnd.microsoft.activity.message";
    private readonly ChatHost _chat = new();

    [Fact]
    public async Task Yes_records_the_article_clicked_and_the_resolved_card_offers_no_rate_without_contributors()
    {
        await _chat.SayAsync(Person.Alex, $"Customer on CAS-10421 gets AADSTS50011 after the EU move {Token()}?");
        var suggestion = (await _chat.WaitForAsync(r => ChatHost.IsTo(r, Person.Alex.Chat) && ChatHost.Verbs(r.Body).Contains("kbAnswered"))).Body!;
        var shown = ChatHost.Find(suggestion, o => o["verb"]?.ToString() == "kbAnswered" && o["type"]?.ToString() == "Action.Execute")
            .Select(o => o["data"]!.AsObject()).ToList();
        Assert.NotEmpty(shown);
        // The last article shown: a new search would pick the best match, the first.
        var clicked = shown[^1];
        var question = ChatHost.QuestionId(suggestion);

        var resolved = await _chat.ClickAsync(Person.Alex, "kbAnswered", clicked.DeepClone().AsObject());

        var stored = await _chat.QuestionAsync(question);
        Assert.Equal(QuestionStatus.Resolved, stored.Status);
        Assert.Equal(clicked["articleId"]!.ToString(), stored.KnowledgeArticleId);
        Assert.Empty(stored.Invitations);
        // Nobody contributed: nothing to rate, so no Rate on the card.
        Assert.Contains("Resolved", ChatHost.Words(resolved), StringComparison.Ordinal);
        Assert.DoesNotContain("rateAnswer", ChatHost.Verbs(resolved));

        // A rating sent anyway (an old card, a forged click) is refused beside the card, and changes nothing.
        var rate = ChatHost.QuestionRef(suggestion);
        rate["rating"] = "5";
        var refused = await _chat.ClickAsync(Person.Alex, "rateAnswer", rate);
        Assert.Equal(MessageResponse, refused["type"]?.ToString());
        Assert.Contains("Can't rate that", refused["value"]?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_click_answers_with_a_message_and_leaves_the_card_as_it_was()
    {
        var reference = await _chat.AskExpertsAsync(Person.Adele, $"Customer on CAS-10421 gets AADSTS50011 after the EU move {Token()}?");

        // Alex was not invited: his click on the invitation is refused.
        var refused = await _chat.ClickAsync(Person.Alex, "acceptInvitation", reference.DeepClone().AsObject());

        Assert.Equal(MessageResponse, refused["type"]?.ToString());
        Assert.Equal("You're not invited: Only the experts invited to this question can take or decline it; nothing changed.", refused["value"]?.ToString());
        Assert.IsAssignableFrom<JsonValue>(refused["value"]); // Text, not a card.
        Assert.DoesNotContain((await _chat.QuestionAsync(ChatHost.IdOf(reference))).Invitations, i => i.ExpertId == Person.Alex.Id);
    }

    private static string Token() => Guid.NewGuid().ToString("N")[..8];

    public async ValueTask DisposeAsync() => await _chat.DisposeAsync();
}
