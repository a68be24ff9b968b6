using System.Text.Json.Nodes;
using static ExpertBot.Tests.EndToEnd.Contoso;
using static ExpertBot.Tests.EndToEnd.PlaygroundDriver;
using static ExpertBot.Tests.EndToEnd.QuestionSteps;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>Card actions that must not work: edited card data, old cards, repeated clicks.</summary>
public sealed partial class QuestionFlowTests
{
    [PlaygroundFact]
    public async Task Tampered_card_actions_are_refused_clearly_and_change_nothing()
    {
        using var teams = await ConnectAsync(playground.PlaygroundUrl);
        var (first, second) = (Token(), Token());
        var one = await AskIdentityQuestionAsync(teams, first);
        var two = await AskIdentityQuestionAsync(teams, second);
        var answerOne = await TakeAndProposeAsync(teams, one, $"Answer: add the EU reply URL ({first}-answer)");
        var answerTwo = await TakeAndProposeAsync(teams, two, $"Answer: re-run the SAML metadata import ({second}-answer)");

        // Another contribution: the reply id of question two's answer on question one's card. The card's signature covers
        // the ids it was sent with, so an edited id is refused before anything is read.
        var otherReply = ActionData(answerOne, "acceptAnswer");
        otherReply["replyId"] = ActionData(answerTwo, "acceptAnswer")["replyId"]!.DeepClone();
        var refused = await teams.ExecuteAsync(AlexChat, MessageId(answerOne), Alex, "acceptAnswer", otherReply);
        Assert.Contains("This card is damaged", refused.ToJsonString(), StringComparison.Ordinal);

        // Another question id: one that does not exist, and one that is not a number.
        var unknown = ActionData(answerOne, "acceptAnswer");
        unknown["questionId"] = "987654321";
        Assert.Contains("This card is damaged", (await teams.ExecuteAsync(AlexChat, MessageId(answerOne), Alex, "acceptAnswer", unknown)).ToJsonString(), StringComparison.Ordinal);
        // Another question's whole signed reference, taken from its card: signed, but about a reply of another question.
        var swapped = ActionData(answerTwo, "acceptAnswer");
        swapped["replyId"] = ActionData(answerOne, "acceptAnswer")["replyId"]!.DeepClone();
        Assert.Contains("This card is damaged", (await teams.ExecuteAsync(AlexChat, MessageId(answerOne), Alex, "acceptAnswer", swapped)).ToJsonString(), StringComparison.Ordinal);
        var damaged = ActionData(answerOne, "acceptAnswer");
        damaged["questionId"] = "Q-1 OR 1=1";
        Assert.Contains("This card is damaged", (await teams.ExecuteAsync(AlexChat, MessageId(answerOne), Alex, "acceptAnswer", damaged)).ToJsonString(), StringComparison.Ordinal);

        // A forged identity in the data: the expert "accepts" their own answer claiming to be Alex. Who acts is the
        // sender Teams vouches for, never the card's data.
        var forged = ActionData(answerOne, "acceptAnswer");
        forged["userId"] = Alex.Id;
        forged["aadObjectId"] = Alex.AadObjectId;
        forged["from"] = new JsonObject { ["id"] = Alex.Id, ["aadObjectId"] = Alex.AadObjectId };
        var expert = one.Invited[0];
        Assert.Contains("Only the asker can do that", (await teams.ExecuteAsync(one.Thread, one.InvitationId, expert, "acceptAnswer", forged)).ToJsonString(), StringComparison.Ordinal);

        // An expert who was not invited edits the invitation to name an invited colleague: still not invited.
        var outsider = IdentityExperts.Except(one.Invited).First();
        var impersonation = ActionData(one.Invitation, "acceptInvitation");
        impersonation["expertId"] = one.Invited[1].AadObjectId;
        impersonation["userId"] = one.Invited[1].Id;
        Assert.Contains("not invited", (await teams.ExecuteAsync(one.Thread, one.InvitationId, outsider, "acceptInvitation", impersonation)).ToJsonString(), StringComparison.OrdinalIgnoreCase);
        // And one invited to question one aims its invitation at question two, where they were not asked: with question
        // one's signature the edited id does not verify; with question two's own card data, they are not invited to it.
        if (one.Invited.Except(two.Invited).FirstOrDefault() is { } onlyInOne)
        {
            var redirected = ActionData(one.Invitation, "acceptInvitation");
            redirected["questionId"] = two.QuestionId;
            Assert.Contains("This card is damaged", (await teams.ExecuteAsync(one.Thread, one.InvitationId, onlyInOne, "acceptInvitation", redirected)).ToJsonString(), StringComparison.Ordinal);
            Assert.Contains("not invited", (await teams.ExecuteAsync(two.Thread, two.InvitationId, onlyInOne, "acceptInvitation", ActionData(two.Invitation, "acceptInvitation"))).ToJsonString(), StringComparison.OrdinalIgnoreCase);
        }

        // Nothing changed: both questions still wait for Alex, who accepts each one's own answer now.
        Assert.Equal(["Answered"], (await QueryAsync("SELECT Status FROM questions WHERE Id = $q", one.QuestionId)).Select(r => r[0]));
        Assert.Equal(["Answered"], (await QueryAsync("SELECT Status FROM questions WHERE Id = $q", two.QuestionId)).Select(r => r[0]));
        Assert.Empty(await QueryAsync("SELECT Id FROM invitations WHERE QuestionId = $q AND ExpertId = $e", one.QuestionId, outsider.AadObjectId));
        Assert.Contains($"{first}-answer", (await teams.ExecuteAsync(AlexChat, MessageId(answerOne), Alex, "acceptAnswer", ActionData(answerOne, "acceptAnswer"))).ToJsonString(), StringComparison.Ordinal);
        Assert.Contains($"{second}-answer", (await teams.ExecuteAsync(AlexChat, MessageId(answerTwo), Alex, "acceptAnswer", ActionData(answerTwo, "acceptAnswer"))).ToJsonString(), StringComparison.Ordinal);
        var rootOne = await teams.NextAsync(m => IsUpdate(m) && MessageId(m) == one.RootId && Has(m, "Resolved"));
        Assert.Contains($"{first}-answer", Card(rootOne), StringComparison.Ordinal);
        Assert.DoesNotContain(outsider.Name, Card(rootOne), StringComparison.Ordinal);
        var rootTwo = await teams.NextAsync(m => IsUpdate(m) && MessageId(m) == two.RootId && Has(m, "Resolved"));
        Assert.Contains($"{second}-answer", Card(rootTwo), StringComparison.Ordinal);
    }

    [PlaygroundFact]
    public async Task Stale_cards_are_refused_and_repeated_clicks_are_idempotent()
    {
        using var teams = await ConnectAsync(playground.PlaygroundUrl);
        var token = Token();
        var asked = await AskIdentityQuestionAsync(teams, token);

        // "Ask the experts" clicked twice on the same suggestion card: the same status, no second round of invitations.
        var again = await teams.ExecuteAsync(AlexChat, asked.AskerCardId, Alex, "kbNotAnswered", ActionData(asked.Suggestion, "kbNotAnswered"));
        Assert.Contains("Waiting for experts", again.ToJsonString(), StringComparison.Ordinal);

        // "I'll take it" twice: the second click shows the same state and sends nothing again.
        var taker = asked.Invited[0];
        var taken = await teams.ExecuteAsync(asked.Thread, asked.InvitationId, taker, "acceptInvitation", ActionData(asked.Invitation, "acceptInvitation"));
        Func<JsonNode, bool> takingNotice = m => Conversation(m) == AlexChat && Text(m).Contains($"{taker.Name} is taking Q-{asked.QuestionId}:", StringComparison.Ordinal);
        await teams.NextAsync(takingNotice);
        var takenAgain = await teams.ExecuteAsync(asked.Thread, asked.InvitationId, taker, "acceptInvitation", ActionData(asked.Invitation, "acceptInvitation"));
        Assert.Contains("took it", taken.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("took it", takenAgain.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Already answered", takenAgain.ToJsonString(), StringComparison.Ordinal);

        // The suggestion card is stale now (experts are on it): "yes, that answers it" is refused and changes nothing.
        var staleKb = await teams.ExecuteAsync(AlexChat, asked.AskerCardId, Alex, "kbAnswered", ActionData(asked.Suggestion, "kbAnswered"));
        Assert.Contains("in discussion", staleKb.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Resolved", staleKb.ToJsonString(), StringComparison.Ordinal);

        await teams.InjectChannelMessageAsync(taker, asked.Thread, IdentityChannel, $"Is it every user or only the EU ones? ({token}-ask)");
        var earlyReply = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, $"{token}-ask") && Has(m, "acceptAnswer"));
        await teams.InjectChannelMessageAsync(taker, asked.Thread, IdentityChannel, $"Answer: add the EU reply URL ({token}-answer)");
        var answer = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, $"{token}-answer") && Has(m, "acceptAnswer"));

        // Accept clicked twice: resolved once, the second click shows the same resolution.
        var accepted = await teams.ExecuteAsync(AlexChat, MessageId(answer), Alex, "acceptAnswer", ActionData(answer, "acceptAnswer"));
        var acceptedAgain = await teams.ExecuteAsync(AlexChat, MessageId(answer), Alex, "acceptAnswer", ActionData(answer, "acceptAnswer"));
        Assert.Contains($"{token}-answer", accepted.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains($"{token}-answer", acceptedAgain.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("can't be done now", acceptedAgain.ToJsonString(), StringComparison.Ordinal);
        var root = await teams.NextAsync(m => IsUpdate(m) && MessageId(m) == asked.RootId && Has(m, "Resolved"));

        // Old cards after the resolution: the earlier reply's accept, a reply to the experts, the invitation.
        var staleAccept = await teams.ExecuteAsync(AlexChat, MessageId(earlyReply), Alex, "acceptAnswer", ActionData(earlyReply, "acceptAnswer"));
        Assert.Contains("is resolved", staleAccept.ToJsonString(), StringComparison.Ordinal);
        var lateReply = ActionData(earlyReply, "replyToExpert");
        lateReply["reply"] = $"Only the EU ones ({token}-late)";
        Assert.Contains("This question is closed", (await teams.ExecuteAsync(AlexChat, MessageId(earlyReply), Alex, "replyToExpert", lateReply)).ToJsonString(), StringComparison.Ordinal);
        var staleInvitation = await teams.ExecuteAsync(asked.Thread, asked.InvitationId, asked.Invited[1], "acceptInvitation", ActionData(asked.Invitation, "acceptInvitation"));
        Assert.Contains("is resolved", staleInvitation.ToJsonString(), StringComparison.Ordinal);

        // Nothing changed by any of them, and nothing was sent twice: one round of invitations (its card and its text),
        // one "is taking" notice, the resolution is the expert's answer, and the late reply never reached the thread.
        var question = await QueryAsync("SELECT Status, Resolution, KnowledgeArticleId FROM questions WHERE Id = $q", asked.QuestionId);
        Assert.Equal("Resolved", question[0][0]);
        Assert.Contains($"{token}-answer", question[0][1], StringComparison.Ordinal);
        Assert.Null(question[0][2]);
        Assert.Equal(3, (await QueryAsync("SELECT Id FROM invitations WHERE QuestionId = $q", asked.QuestionId)).Count);
        Assert.Single(await QueryAsync("SELECT Id FROM invitations WHERE QuestionId = $q AND Status = 'Accepted'", asked.QuestionId));
        Assert.Equal(2, (await QueryAsync("SELECT Id FROM contributions WHERE QuestionId = $q", asked.QuestionId)).Count);
        // Every post for this question runs in order (one ordering key), so anything sent twice is on the stream by now.
        Assert.Empty(teams.Received(m => Has(m, token) && Has(m, "acceptInvitation")));
        Assert.Empty(teams.Received(m => Conversation(m) == asked.Thread && Text(m).Contains("can you help", StringComparison.Ordinal)));
        Assert.Empty(teams.Received(takingNotice));
        Assert.Empty(teams.Received(m => Text(m).Contains($"{token}-late", StringComparison.Ordinal)));
        Assert.Contains($"{token}-answer", Card(root), StringComparison.Ordinal);
    }

    /// <summary>The first invited expert takes the question and proposes <paramref name="answer"/> in the thread; returns Alex's copy.</summary>
    private static async Task<JsonNode> TakeAndProposeAsync(PlaygroundDriver teams, Asked asked, string answer)
    {
        var taken = await teams.ExecuteAsync(asked.Thread, asked.InvitationId, asked.Invited[0], "acceptInvitation", ActionData(asked.Invitation, "acceptInvitation"));
        Assert.Contains("took it", taken.ToJsonString(), StringComparison.Ordinal);
        await teams.InjectChannelMessageAsync(asked.Invited[0], asked.Thread, IdentityChannel, answer);
        var marker = answer[(answer.LastIndexOf('(') + 1)..^1];
        var relayed = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, marker) && Has(m, "acceptAnswer"));
        Assert.Contains("Proposed answer", Card(relayed), StringComparison.Ordinal);
        // The proposal is stored once Alex is told about it.
        await teams.NextAsync(m => Conversation(m) == AlexChat && Text(m).Contains($"proposed an answer to Q-{asked.QuestionId} (", StringComparison.Ordinal));
        return relayed;
    }
}
