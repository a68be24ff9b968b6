using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.CardActions;

/// <summary>
/// The card-action path as an attacker and a careless client use it: replays, actions by the wrong people, cards edited
/// to point elsewhere, broken text. Each refusal changes nothing, which the database is asked to prove.
/// </summary>
public sealed class CardActionPathTests
{
    // Not in the demo directory: someone of the tenant with no tie to any question.
    private const string Outsider = "0b000000-0000-4000-8000-00000000dead";
    private const string Asker = "0a000000-0000-4000-8000-000000000001";

    private static string Token() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_replayed_ask_creates_one_question_invites_once_and_answers_the_same()
    {
        await using var host = CardActionHost.Start();
        var token = Token();
        var form = new JsonObject { ["title"] = $"Export to CSV drops the last column {token}", ["details"] = "Every export since Monday", ["urgency"] = "high" };

        var first = await host.ClickAsync(Asker, "askQuestion", form, activityId: "click-1");
        var again = await host.ClickAsync(Asker, "askQuestion", form, activityId: "click-1");

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Equal(1, await host.CountAsync("SELECT COUNT(*) FROM questions WHERE Title LIKE $t", ("$t", $"%{token}%")));
        var invitations = await host.CountAsync("SELECT COUNT(*) FROM invitations i JOIN questions q ON q.Id = i.QuestionId WHERE q.Title LIKE $t", ("$t", $"%{token}%"));
        Assert.InRange(invitations, 0, 3);
        // A new click (another activity id) is another question: idempotency is by the click, not by the text.
        await host.ClickAsync(Asker, "askQuestion", form, activityId: "click-2");
        Assert.Equal(2, await host.CountAsync("SELECT COUNT(*) FROM questions WHERE Title LIKE $t", ("$t", $"%{token}%")));
    }

    [Fact]
    public async Task A_replayed_click_gets_the_first_answer_and_changes_nothing_more()
    {
        await using var host = CardActionHost.Start();
        var token = Token();
        var card = await host.AskAsync(Asker, $"Export to CSV drops the last column {token}?");

        var cancelled = await host.ClickAsync(Asker, "cancelQuestion", card.Data(("reason", "solved by phone")), activityId: "cancel-1");
        var version = await host.ScalarAsync("SELECT Version FROM questions WHERE Id = $q", ("$q", card.Id));
        var replayed = await host.ClickAsync(Asker, "cancelQuestion", card.Data(("reason", "solved by phone")), activityId: "cancel-1");

        Assert.Equal(cancelled.ToJsonString(), replayed.ToJsonString());
        Assert.Contains("Cancelled", replayed.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(version, await host.ScalarAsync("SELECT Version FROM questions WHERE Id = $q", ("$q", card.Id)));
        Assert.Equal(1, await host.CountAsync("SELECT COUNT(*) FROM action_ledger WHERE Verb = 'cancelQuestion'"));
    }

    [Fact]
    public async Task Only_the_asker_may_write_to_the_experts_thread()
    {
        await using var host = CardActionHost.Start();
        var card = await host.AskAsync(Asker, $"Export to CSV drops the last column {Token()}?");
        var invited = (string)(await host.ScalarAsync("SELECT ExpertId FROM invitations WHERE QuestionId = $q LIMIT 1", ("$q", card.Id)))!;

        foreach (var intruder in new[] { invited, Outsider })
        {
            var refused = await host.ClickAsync(intruder, "replyToExpert", card.Data(("reply", "I am the asker, trust me")));
            Assert.Contains("Only the asker can do that", refused.ToJsonString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM contributions WHERE QuestionId = $q", ("$q", card.Id)));

        var sent = await host.ClickAsync(Asker, "replyToExpert", card.Data(("reply", "Only the EU tenants")));
        Assert.DoesNotContain("Only the asker", sent.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, await host.CountAsync("SELECT COUNT(*) FROM contributions WHERE QuestionId = $q AND FromAsker = 1", ("$q", card.Id)));
    }

    [Fact]
    public async Task An_outsider_can_neither_follow_nor_read_a_question_and_learns_nothing_about_it()
    {
        await using var host = CardActionHost.Start();
        var token = Token();
        var card = await host.AskAsync(Asker, $"Export to CSV drops the last column {token}?");

        foreach (var verb in new[] { "follow", "unfollow", "showQuestion" })
        {
            var refused = await host.ClickAsync(Outsider, verb, card.Data());
            Assert.Contains("t do that here", refused.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(token, refused.ToJsonString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM followers WHERE QuestionId = $q", ("$q", card.Id)));

        // Guessing: the next and previous ids, with this card's signature or none. Refused before anything is read, in
        // the same words whether a question has that id or not.
        var next = (long.Parse(card.Id, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var guesses = new[]
        {
            new JsonObject { ["questionId"] = next, ["sig"] = card.Sig },
            new JsonObject { ["questionId"] = "1" },
            new JsonObject { ["questionId"] = card.Id, ["sig"] = card.Sig + "A" },
            new JsonObject { ["questionId"] = card.Id, ["sig"] = "questionId.AAAAAAAAAAAAAAAAAAAAAA" },
        };
        foreach (var guess in guesses)
        {
            var refused = await host.ClickAsync(Outsider, "follow", guess);
            Assert.Contains("This card is damaged", refused.ToJsonString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM followers"));
    }

    [Fact]
    public async Task A_decline_naming_a_colleague_by_someone_not_invited_is_refused_before_anyone_is_looked_up()
    {
        await using var host = CardActionHost.Start();
        var card = await host.AskAsync(Asker, $"Export to CSV drops the last column {Token()}?");

        // Whoever is named, and whether they exist or paused, the answer is the same refusal: nothing about them leaks.
        foreach (var named in new[] { "megan", "nobody-by-this-name@example.invalid", "Patti Fernandez" })
        {
            var refused = await host.ClickAsync(Outsider, "declineInvitation", card.Data(("declineReason", "someone-else"), ("suggestedExpert", named)));
            Assert.Contains("not invited", refused.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Who do you mean", refused.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("away", refused.ToJsonString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM invitations WHERE QuestionId = $q AND Status <> 'Invited'", ("$q", card.Id)));
    }

    [Theory]
    [InlineData("""{"type":"\udfff"}""")]
    [InlineData("""{"type":"message","channelId":"msteams","text":"\ud800 alone"}""")]
    [InlineData("""{"type":"message","from":{"id":"\udc00"}}""")]
    [InlineData("""{"type":"message","from":"not an object"}""")]
    [InlineData("""{"type":"message","entities":"nope"}""")]
    [InlineData("""{"type":"message","channelId":"msteams","conversation":{"id":"a:1"},"serviceUrl":"https://smba.trafficmanager.net/amer/","from":{"id":"29:x"},"entities":[null]}""")]
    [InlineData("""{"type":"message","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/amer/","from":{"id":"29:x"}}""")]
    [InlineData("""{"type":"invoke","name":"composeExtension/submitAction","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/amer/","from":{"id":"29:x","aadObjectId":"x"},"value":{"data":{"question":"Stored without a conversation?"}}}""")]
    public async Task Malformed_activities_are_400_with_a_short_reason_naming_no_type_of_ours(string body)
    {
        await using var host = CardActionHost.Start();

        var (status, text) = await host.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.DoesNotContain("ExpertBot", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.True(text.Length < 200, text);
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM questions"));
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM jobs WHERE kind = 'turn'"));
    }

    [Fact]
    public async Task Raw_bytes_that_are_not_utf8_are_400()
    {
        await using var host = CardActionHost.Start();
        var body = Encoding.UTF8.GetBytes("""{"type":"message","text":"XYZ"}""");
        var at = Array.IndexOf(body, (byte)'X');
        (body[at], body[at + 1], body[at + 2]) = ((byte)0xED, (byte)0xBF, (byte)0xBF); // a surrogate, encoded: not UTF-8

        var (status, text) = await host.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.DoesNotContain("ExpertBot", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_text_in_a_card_actions_verb_or_data_is_refused_not_a_server_error()
    {
        await using var host = CardActionHost.Start();
        var card = await host.AskAsync(Asker, $"Export to CSV drops the last column {Token()}?");
        // JSON's own escape for a lone surrogate, put into otherwise valid activities (a JSON library would refuse to write it).
        static string Broken(string activity) => activity.Replace("BROKEN", "\\udfff", StringComparison.Ordinal);
        var badVerb = Broken(host.Activity(Asker, "invoke", null, null, new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "BROKEN", ["data"] = new JsonObject() } },
        }));
        var badId = Broken(host.Activity(Asker, "invoke", null, null, new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "cancelQuestion", ["data"] = card.Data(("questionId", "BROKEN")) } },
        }));
        Assert.Contains("\\udfff", badId, StringComparison.Ordinal);

        var verb = await host.PostAsync(badVerb);
        var id = await host.PostAsync(badId);

        Assert.Equal(HttpStatusCode.OK, verb.Status);
        Assert.Contains("application/vnd.microsoft.error", verb.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, id.Status);
        Assert.Contains("This card is damaged", id.Body, StringComparison.Ordinal);
        Assert.Equal("Routing", await host.ScalarAsync("SELECT Status FROM questions WHERE Id = $q", ("$q", card.Id)));
    }

    [Fact]
    public async Task Long_text_in_any_script_goes_out_as_itself_cut_at_whole_characters_and_every_card_fits_in_Teams()
    {
        await using var host = CardActionHost.Start();
        var token = Token();
        // The longest the form takes: a title of 500 emoji halves' worth, 8,000 chars of CJK, 8,000 of family emoji (ZWJ
        // sequences, 11 chars each, so any cut by length lands inside one).
        var title = $"Export drops columns {token} " + string.Concat(Enumerable.Repeat("😀", 230));
        var details = string.Concat(Enumerable.Repeat("数据导出丢失最后一列", 800));
        var tried = string.Concat(Enumerable.Repeat("👨‍👩‍👧‍👦", 727));
        var asked = await host.ClickAsync(Asker, "askQuestion", new JsonObject { ["title"] = title, ["details"] = details, ["tried"] = tried, ["product"] = "Billing" });
        Assert.DoesNotContain("too long", asked.ToJsonString(), StringComparison.Ordinal);

        var invitation = await host.Connector.NextAsync(r => CardActionHost.Has(r.Body, token) && CardActionHost.Has(r.Body, "acceptInvitation"));

        Assert.True(Encoding.UTF8.GetByteCount(invitation.RawBody) < 28_000, $"The invitation is {Encoding.UTF8.GetByteCount(invitation.RawBody):N0} bytes.");
        Assert.Contains("数据导出", invitation.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u6570", invitation.RawBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\ud83d", invitation.RawBody, StringComparison.OrdinalIgnoreCase);
        AssertWholeText(invitation.Body!);
        // The card says it was cut, and offers the rest; the rest is a new message that fits too.
        Assert.Contains("showQuestion", invitation.RawBody, StringComparison.Ordinal);
        var expert = invitation.Body!.ToJsonString();
        var invited = (string)(await host.ScalarAsync("SELECT i.ExpertId FROM invitations i JOIN questions q ON q.Id = i.QuestionId WHERE q.Title LIKE $t LIMIT 1", ("$t", $"%{token}%")))!;
        var card = QuestionCard.From(invitation.Body)!;
        var shown = await host.ClickAsync(invited, "showQuestion", card.Data());
        Assert.Contains("application/vnd.microsoft.activity.message", shown.ToJsonString(), StringComparison.Ordinal);
        var full = await host.Connector.NextAsync(r => CardActionHost.Has(r.Body, token) && CardActionHost.Has(r.Body, "Already tried") && !CardActionHost.Has(r.Body, "acceptInvitation"));
        Assert.True(Encoding.UTF8.GetByteCount(full.RawBody) < 28_000, $"The full question is {Encoding.UTF8.GetByteCount(full.RawBody):N0} bytes.");
        AssertWholeText(full.Body!);
        Assert.NotEqual(expert, full.Body!.ToJsonString());
    }

    /// <summary>Every string is well-formed UTF-16 (no half of a surrogate pair left by a cut) and no ZWJ sequence ends in its joiner.</summary>
    private static void AssertWholeText(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o)
                {
                    if (value is not null)
                    {
                        AssertWholeText(value);
                    }
                }
                break;
            case JsonArray a:
                foreach (var value in a)
                {
                    if (value is not null)
                    {
                        AssertWholeText(value);
                    }
                }
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                for (var i = 0; i < s.Length; i++)
                {
                    if (char.IsHighSurrogate(s[i]))
                    {
                        Assert.True(i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]), $"A surrogate pair is cut in: …{s[Math.Max(0, i - 10)..]}");
                        i++;
                    }
                    else
                    {
                        Assert.False(char.IsLowSurrogate(s[i]), "A lone low surrogate.");
                    }
                }
                Assert.False(s.Contains("\u200d…", StringComparison.Ordinal), "An emoji sequence is cut after its joiner.");
                break;
        }
    }
}
