using System.Text.Json.Nodes;
using static ExpertBot.Tests.EndToEnd.Contoso;
using static ExpertBot.Tests.EndToEnd.PlaygroundDriver;
using static ExpertBot.Tests.EndToEnd.QuestionSteps;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>
/// The question flow through the Agents Playground, as its Teams users: Alex (agent) asks in his personal chat, the
/// identity experts are invited in their channel thread, and they act on the cards there. Who is invited depends on the
/// ranker (load, earlier declines in this run), so every test reads the invited experts from the invitation's mentions.
/// </summary>
public sealed partial class QuestionFlowTests(PlaygroundFixture playground) : IClassFixture<PlaygroundFixture>
{
    [PlaygroundFact]
    public async Task Ask_knowledge_refused_experts_invited_in_a_thread_take_discuss_and_accept()
    {
        using var teams = await ConnectAsync(playground.PlaygroundUrl);
        var token = Token();

        var asked = await AskIdentityQuestionAsync(teams, token);
        var taker = asked.Invited[0];

        // Someone not invited (Alex, the asker) cannot take it; an invited expert can.
        var refused = await teams.ExecuteAsync(asked.Thread, asked.InvitationId, Alex, "acceptInvitation", ActionData(asked.Invitation, "acceptInvitation"));
        Assert.Contains("not invited", refused.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        var taken = await teams.ExecuteAsync(asked.Thread, asked.InvitationId, taker, "acceptInvitation", ActionData(asked.Invitation, "acceptInvitation"));
        Assert.Contains("took it", taken.ToJsonString(), StringComparison.Ordinal);

        // The expert answers in the thread, without mentioning the bot (Teams delivers it through the RSC permission).
        await teams.InjectChannelMessageAsync(taker, asked.Thread, IdentityChannel, $"Answer: add the EU reply URL to the Entra app registration ({token}).");
        var relayed = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, token) && Has(m, "acceptAnswer"));

        var accepted = await teams.ExecuteAsync(AlexChat, MessageId(relayed), Alex, "acceptAnswer", ActionData(relayed, "acceptAnswer"));
        Assert.Contains("add the EU reply URL", accepted.ToJsonString(), StringComparison.Ordinal);

        // Every copy of the question card is updated in place: the thread's root shows it resolved.
        var resolvedRoot = await teams.NextAsync(m => IsUpdate(m) && MessageId(m) == asked.RootId && Has(m, "Resolved"));
        Assert.Contains(taker.Name, resolvedRoot.ToJsonString(), StringComparison.Ordinal);

        // A stale card: another invited expert clicks the invitation after it was resolved; refused, nothing changes.
        var stale = await teams.ExecuteAsync(asked.Thread, asked.InvitationId, asked.Invited[1], "acceptInvitation", ActionData(asked.Invitation, "acceptInvitation"));
        Assert.Contains("resolved", stale.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("In discussion", stale.ToJsonString(), StringComparison.Ordinal);
    }

    [PlaygroundFact]
    public async Task One_expert_declines_another_takes_it_the_discussion_is_relayed_both_ways_and_the_proposed_answer_resolves_every_card()
    {
        using var teams = await ConnectAsync(playground.PlaygroundUrl);
        var token = Token();
        var asked = await AskIdentityQuestionAsync(teams, token);
        var (taker, decliner) = (asked.Invited[0], asked.Invited[1]);

        // The decline is the invitation's ShowCard: a required reason (Input.ChoiceSet "declineReason") merged into the
        // Decline action's data, as Teams does with a card's inputs.
        Assert.Contains("\"id\":\"declineReason\"", Card(asked.Invitation), StringComparison.Ordinal);
        Assert.Contains("\"value\":\"busy\"", Card(asked.Invitation), StringComparison.Ordinal);
        var decline = ActionData(asked.Invitation, "declineInvitation");
        decline["declineReason"] = "busy";
        var declined = await teams.ExecuteAsync(asked.Thread, asked.InvitationId, decliner, "declineInvitation", decline);
        // The invitation stays, saying who declined and why (it used to turn into the question card).
        Assert.Contains("declined (too busy)", declined.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("ll take it", declined.ToJsonString(), StringComparison.Ordinal);
        // Stored with its reason (routing counts "too busy" as load, not as a lack of expertise).
        Assert.Equal<(string, string?)>(("Declined", "TooBusy"), await InvitationAsync(asked.QuestionId, decliner));
        // Having declined, the same expert can no longer take it.
        var changedMind = await teams.ExecuteAsync(asked.Thread, asked.InvitationId, decliner, "acceptInvitation", ActionData(asked.Invitation, "acceptInvitation"));
        Assert.Contains("You already declined", changedMind.ToJsonString(), StringComparison.Ordinal);

        var taken = await teams.ExecuteAsync(asked.Thread, asked.InvitationId, taker, "acceptInvitation", ActionData(asked.Invitation, "acceptInvitation"));
        Assert.Contains("took it", taken.ToJsonString(), StringComparison.Ordinal);
        await teams.NextAsync(m => Conversation(m) == AlexChat && Text(m).Contains($"{taker.Name} is taking Q-{asked.QuestionId}:", StringComparison.Ordinal));
        var rootInDiscussion = await teams.NextAsync(m => IsUpdate(m) && MessageId(m) == asked.RootId && Has(m, "In discussion"));
        Assert.Contains(taker.Name, Card(rootInDiscussion), StringComparison.Ordinal);
        Assert.DoesNotContain(decliner.Name, Card(rootInDiscussion), StringComparison.Ordinal);

        // Thread -> agent: the expert asks something back; it reaches Alex's 1:1 chat as a reply card.
        await teams.InjectChannelMessageAsync(taker, asked.Thread, IdentityChannel, $"Which reply URLs does the app registration list now? ({token}-ask)");
        var question = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, $"{token}-ask") && Has(m, "replyToExpert"));
        Assert.Contains(taker.Name, Card(question), StringComparison.Ordinal);

        // Agent -> thread: Alex answers from that card (its ShowCard's "reply" input); it appears in the experts' thread.
        var reply = ActionData(question, "replyToExpert");
        reply["reply"] = $"Only the US one, https://contoso.app/sso/acs ({token}-back)";
        var sent = await teams.ExecuteAsync(AlexChat, MessageId(question), Alex, "replyToExpert", reply);
        Assert.Contains("In discussion", sent.ToJsonString(), StringComparison.Ordinal);
        var inThread = await teams.NextAsync(m => Conversation(m) == asked.Thread && Text(m).Contains($"{token}-back", StringComparison.Ordinal));
        Assert.Contains("Alex Wilber", Text(inThread), StringComparison.Ordinal);

        // The expert proposes an answer. The product's way is the "Answer:" prefix in the thread (the invitation card has
        // no propose action); it reaches Alex marked as the proposed answer, with a notice, and the root says so.
        await teams.InjectChannelMessageAsync(taker, asked.Thread, IdentityChannel, $"Answer: add https://contoso.eu.contoso.app/sso/acs as a second reply URL ({token}-answer)");
        var proposed = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, $"{token}-answer") && Has(m, "acceptAnswer"));
        Assert.Contains("Proposed answer", Card(proposed), StringComparison.Ordinal);
        await teams.NextAsync(m => Conversation(m) == AlexChat && Text(m).Contains($"{taker.Name} proposed an answer to Q-{asked.QuestionId} (", StringComparison.Ordinal));
        await teams.NextAsync(m => IsUpdate(m) && MessageId(m) == asked.RootId && Has(m, "Answer proposed"));
        Assert.Equal(["1"], (await QueryAsync("SELECT ProposedAnswer FROM contributions WHERE QuestionId = $q AND Text LIKE '%-answer)'", asked.QuestionId)).Select(r => r[0]));

        var accepted = await teams.ExecuteAsync(AlexChat, MessageId(proposed), Alex, "acceptAnswer", ActionData(proposed, "acceptAnswer"));
        Assert.Contains($"{token}-answer", accepted.ToJsonString(), StringComparison.Ordinal);

        // Every copy of the question card is updated in place: the thread root and Alex's own card.
        var root = await teams.NextAsync(m => IsUpdate(m) && MessageId(m) == asked.RootId && Has(m, "Resolved"));
        Assert.Contains($"{token}-answer", Card(root), StringComparison.Ordinal);
        Assert.Contains($"by {taker.Name}", Card(root), StringComparison.Ordinal);
        var alexCopy = await teams.NextAsync(m => IsUpdate(m) && Conversation(m) == AlexChat && MessageId(m) == asked.AskerCardId && Has(m, "Resolved"));
        Assert.Contains($"{token}-answer", Card(alexCopy), StringComparison.Ordinal);
        // The expert's earlier question was never taken for the answer.
        Assert.DoesNotContain($"{token}-ask", Card(root), StringComparison.Ordinal);
    }

    [PlaygroundFact]
    public async Task Ask_experts_about_this_message_starts_a_question_from_the_chosen_message()
    {
        using var teams = await ConnectAsync(playground.PlaygroundUrl);
        var token = Token();

        // The message action's submit, as Teams sends it when Alex uses "Ask experts about this message" on a chat message.
        await teams.InjectAsync(new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "composeExtension/submitAction",
            ["from"] = new JsonObject { ["id"] = Alex.Id, ["name"] = Alex.Name, ["aadObjectId"] = Alex.AadObjectId },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "ExpertBot" },
            ["conversation"] = new JsonObject { ["id"] = AlexChat, ["conversationType"] = "personal", ["tenantId"] = Tenant },
            ["value"] = new JsonObject
            {
                ["commandId"] = "askExperts",
                ["commandContext"] = "message",
                ["data"] = new JsonObject { ["question"] = $"Why does the Android app stop getting push notifications, ref {token}?" },
                ["messagePayload"] = new JsonObject { ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = "<p>Customer: no pushes since Android 14</p>" } },
            },
        });

        var card = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, token));
        Assert.Contains("Android", Card(card), StringComparison.Ordinal);
    }

    /// <summary>An invitation as stored (status, decline reason): what the Playground cannot show.</summary>
    private async Task<(string Status, string? Reason)> InvitationAsync(string questionId, TeamsUser expert)
    {
        var rows = await QueryAsync("SELECT Status, DeclineReason FROM invitations WHERE QuestionId = $q AND ExpertId = $e", questionId, expert.AadObjectId);
        Assert.True(rows.Count == 1, $"{rows.Count} invitations of {expert.Name} to question {questionId}");
        return (rows[0][0]!, rows[0][1]);
    }

    /// <summary>Reads the bot's database (read-only) with parameters $q (a question id) and $e.</summary>
    private async Task<IReadOnlyList<string?[]>> QueryAsync(string sql, string questionId, string? e = null)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={playground.DatabaseFile};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$q", long.Parse(questionId, System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$e", (object?)e ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        }
        return rows;
    }
}
