using System.Text.Json.Nodes;
using ExpertBot.Features.Questions;
using ExpertBot.Tests.Connector;

// Not "...Conversation": the end-to-end tests have a helper of that name, which a namespace would hide.
namespace ExpertBot.Tests.Conversations;

/// <summary>
/// Issue 14, items 6, 12, 13 and 14, on the shipped demo's Identity pool (invitations in its experts' channel): every card
/// and notice names its question, the channel invitation is updated in place on declines and on resolve, a proposed
/// answer offers "Accept this answer" first while a clarifying question offers "Reply" first, and the expert whose answer
/// was accepted is thanked, then told the rating.
/// </summary>
public sealed class ThreadCardTests : IAsyncDisposable
{
    private const string Thread = "19:identity-experts@thread.tacv2;messageid=900";
    private readonly ChatHost _chat = new();

    [Fact]
    public async Task The_thread_cards_name_the_question_keep_current_and_the_accepted_expert_is_thanked_and_told_the_rating()
    {
        // Teams answers a new channel thread with the thread's conversation id and the root's activity id.
        _chat.Connector.Script("/v3/conversations", new FakeAnswer(201, $$"""{"id":"{{Thread}}","activityId":"900"}"""));
        await _chat.SayAsync(Person.Adele, $"Customer on CAS-10421 gets AADSTS50011 after the EU move {Token()}?");
        var first = await _chat.NextAsync(r => ChatHost.IsTo(r, Person.Adele.Chat) && r.Method == "POST" && ChatHost.Verbs(r.Body).Count > 0);
        var reference = ChatHost.QuestionRef(first.Body);
        // The asker's card once the experts are asked: drawn before the channel thread exists.
        var askerCard = ChatHost.Verbs(first.Body).Contains("kbNotAnswered")
            ? await _chat.ClickAsync(Person.Adele, "kbNotAnswered", reference.DeepClone().AsObject())
            : first.Body!;
        var id = ChatHost.IdOf(reference);

        var invitation = await _chat.WaitForAsync(r => ChatHost.IsTo(r, Thread) && r.Method == "POST" && ChatHost.Verbs(r.Body).Contains("acceptInvitation"));
        await _chat.WaitUntilAsync(async () => (await _chat.QuestionAsync(id)).Invitations.All(i => i.CardActivityId is not null), "where the invitation card went");
        var question = await _chat.QuestionAsync(id);
        var named = $"{question.Number} (\"{question.Title}\")";
        var card = Assert.Single(question.Invitations.Select(i => (i.CardConversationId, i.CardActivityId)).Distinct());
        Assert.Equal(Thread, card.CardConversationId);
        var root = Assert.Single(_chat.Connector.All, r => r.RawPath == "/v3/conversations");
        // Item 6: the thread's root card and the invitation show the question's number and title.
        foreach (var words in new[] { ChatHost.Words(root), ChatHost.Words(invitation) })
        {
            Assert.Contains(question.Number, words, StringComparison.Ordinal);
            Assert.Contains(question.Title, words, StringComparison.Ordinal);
        }
        // The asker's card says where the experts were asked: it once said "in a 1:1 chat each" of these channel invitations.
        var asked = ChatHost.Words(askerCard);
        Assert.Contains("in the experts' channel.", asked, StringComparison.Ordinal);
        Assert.DoesNotContain("1:1", asked, StringComparison.Ordinal);
        var megan = Assert.Single(question.Invitations, i => i.ExpertId == Person.Megan.Id);
        var others = question.Invitations.Where(i => i != megan).Select(i => new Person(i.ExpertId, i.ExpertName)).ToList();

        // Item 13: a decline updates the step's card in the thread (PUT to its recorded id), showing who declined.
        var declined = ChatHost.Words(await _chat.ClickAsync(others[0], "declineInvitation", ChatHost.With(reference, ("declineReason", "not-my-area")), Thread));
        Assert.Contains("declined (not their area)", declined, StringComparison.Ordinal);
        await _chat.WaitForAsync(r => r.Method == "PUT" && r.RawPath == CardPath(card)
            && ChatHost.Words(r).Contains($"{others[0].Name}\ndeclined (not their area)", StringComparison.Ordinal));

        await _chat.ClickAsync(Person.Megan, "acceptInvitation", reference.DeepClone().AsObject(), Thread);
        await _chat.SayAsync(Person.Megan, "Answer: add the EU reply URL to the app registration", Thread);
        await _chat.SayAsync(others[1], "Is this the same customer as last week's ticket?", Thread);

        // Item 6 and 14: relays to the asker name the question; the proposal offers Accept first, the clarifying
        // question offers Reply first and no positive Accept.
        var proposal = (await _chat.WaitForAsync(r => ChatHost.IsTo(r, Person.Adele.Chat) && ChatHost.Words(r).Contains("EU reply URL", StringComparison.Ordinal))).Body!;
        var clarifying = (await _chat.WaitForAsync(r => ChatHost.IsTo(r, Person.Adele.Chat) && ChatHost.Words(r).Contains("same customer", StringComparison.Ordinal))).Body!;
        foreach (var relay in new[] { proposal, clarifying })
        {
            Assert.Contains(question.Number, ChatHost.Words(relay), StringComparison.Ordinal);
            Assert.Contains(question.Title, ChatHost.Words(relay), StringComparison.Ordinal);
        }
        Assert.Equal(("Accept this answer", "positive"), First(proposal));
        Assert.Equal(("Reply", null), First(clarifying));
        Assert.DoesNotContain(Actions(clarifying), a => a?["style"]?.ToString() == "positive");

        var accept = Actions(proposal).Single(a => a?["verb"]?.ToString() == "acceptAnswer")!["data"]!.AsObject();
        var resolved = await _chat.ClickAsync(Person.Adele, "acceptAnswer", accept.DeepClone().AsObject());
        Assert.Contains("Resolved", ChatHost.Words(resolved), StringComparison.Ordinal);
        Assert.Equal(QuestionStatus.Resolved, (await _chat.QuestionAsync(id)).Status);

        // Item 14: the accepted expert is told and thanked in their 1:1 chat.
        await _chat.WaitForAsync(r => ChatHost.IsTo(r, Person.Megan.Chat) && ChatHost.TextOf(r) == $"Adele Vance accepted your answer to {named}. Thank you!");
        // Item 13: the channel invitation no longer offers "I'll take it" and says why.
        var closed = await _chat.WaitForAsync(r => r.Method == "PUT" && r.RawPath == CardPath(card)
            && ChatHost.Words(r).Contains($"{question.Number} is resolved: nobody needs to take it any more.", StringComparison.Ordinal));
        Assert.DoesNotContain("acceptInvitation", ChatHost.Verbs(closed.Body));
        Assert.DoesNotContain("declineInvitation", ChatHost.Verbs(closed.Body));

        // The rating, given on the resolved card, reaches the expert too.
        var rate = ChatHost.Find(resolved, o => o["verb"]?.ToString() == "rateAnswer" && o["data"] is JsonObject).First()["data"]!.AsObject().DeepClone().AsObject();
        rate[$"rating-{accept["replyId"]}"] = "5";
        await _chat.ClickAsync(Person.Adele, "rateAnswer", rate);
        await _chat.WaitForAsync(r => ChatHost.IsTo(r, Person.Megan.Chat) && ChatHost.TextOf(r) == $"Adele Vance rated your help on {named}: 5 of 5.");
    }

    private static string CardPath((string? Conversation, string? Activity) card) =>
        $"/v3/conversations/{Uri.EscapeDataString(card.Conversation!)}/activities/{Uri.EscapeDataString(card.Activity!)}";

    private static JsonArray Actions(JsonNode activity) => activity["attachments"]![0]!["content"]!["actions"]!.AsArray();

    private static (string?, string?) First(JsonNode activity) =>
        Actions(activity)[0] is { } first ? (first["title"]?.ToString(), first["style"]?.ToString()) : (null, null);

    private static string Token() => Guid.NewGuid().ToString("N")[..8];

    public async ValueTask DisposeAsync() => await _chat.DisposeAsync();
}
