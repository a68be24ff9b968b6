using System.Text.Json.Nodes;
using ExpertBot.Features.Ideas;
using ExpertBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Ideas;

/// <summary>
/// Ideas in chat through the real host, on SQLite and on PostgreSQL: an agent logs an idea; a second agent is offered it
/// as similar before anything new is created and adds their customer's vote (each agent and each customer counted once);
/// a product manager changes the status and responds from the channel card, and every agent who raised or voted for it
/// gets a 1:1 card; someone who is not a product manager is refused and nothing changes.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class IdeaChatTests(PostgresServer server)
{
    private const string Alex = "0a000000-0000-4000-8000-0000000000a1";
    private const string Blake = "0a000000-0000-4000-8000-0000000000b2";

    private static JsonObject Form(string title, string customer, string importance, string? details = null) => new()
    {
        ["title"] = title, ["details"] = details ?? "", ["customer"] = customer, ["importance"] = importance, ["product"] = "Billing",
    };

    [Theory, SqliteData, PostgresData]
    public async Task A_similar_idea_is_offered_first_and_votes_count_each_agent_and_customer_once(string provider)
    {
        await using var host = await IdeaHost.StartAsync(provider, server);

        // Alex logs the first idea: nothing similar exists, so it is created at once.
        var first = await host.ClickAsync(Alex, "submitIdea", Form("Export the monthly usage report as PDF", "Fabrikam", "important",
            "Their auditors need the usage report as a PDF every month."));
        Assert.True(IdeaHost.Has(first, "Logged as IDEA-"), first.ToJsonString());
        Assert.False(IdeaHost.Has(first, "setIdeaStatus")); // the agent's card has no product manager's actions
        // The new idea was posted to the ideas channel with the product managers' actions.
        var ideaId = IdeaHost.IdOf(await host.ChannelCardAsync("Export the monthly usage report as PDF"));

        // Blake's customer wants the same: the bot offers Alex's idea before creating anything.
        var offered = await host.ClickAsync(Blake, "submitIdea", Form("Download usage report as a PDF file", "Contoso", "critical"));
        Assert.True(IdeaHost.Has(offered, "Is it one of these?"), offered.ToJsonString());
        var vote = IdeaHost.ActionData(offered, "voteForIdea");
        Assert.Equal(ideaId.ToString(System.Globalization.CultureInfo.InvariantCulture), vote["ideaId"]!.ToString());
        Assert.Single((await host.Ideas.ForSupporterAsync(Alex, 10, default)));
        Assert.Empty(await host.Ideas.ForSupporterAsync(Blake, 10, default)); // offered, not created

        var voted = await host.ClickAsync(Blake, "voteForIdea", vote);
        Assert.True(IdeaHost.Has(voted, "Your customer's vote is on IDEA-"), voted.ToJsonString());
        // Blake votes again for the same customer, now only nice-to-have, and Alex votes for Fabrikam again.
        vote["importance"] = "nice-to-have";
        await host.ClickAsync(Blake, "voteForIdea", vote);
        var alexAgain = IdeaHost.ActionData(offered, "voteForIdea");
        alexAgain["customer"] = "  fabrikam ";
        await host.ClickAsync(Alex, "voteForIdea", alexAgain);

        var idea = (await host.Ideas.FindAsync(ideaId, default))!;
        Assert.Equal(2, idea.Supporters.Count);
        Assert.Equal(["CONTOSO", "FABRIKAM"], idea.Customers.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal(Importance.NiceToHave, idea.Customers.Single(c => c.Key == "CONTOSO").Importance); // the latest
        Assert.Equal(Importance.Critical, idea.Customers.Single(c => c.Key == "FABRIKAM").Importance); // alexAgain carried Blake's draft: critical
        Assert.Equal(["created", "voted", "voted", "voted"], idea.Events.OrderBy(e => e.Id).Select(e => e.Kind));
        Assert.Single(await host.Ideas.ForSupporterAsync(Blake, 10, default));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_product_manager_changes_the_status_and_every_supporter_is_told_while_others_are_refused(string provider)
    {
        await using var host = await IdeaHost.StartAsync(provider, server);
        await host.ClickAsync(Alex, "submitIdea", Form("Single sign-on with Okta for the admin portal", "Fabrikam", "critical"));
        var manage = await host.ChannelCardAsync("Single sign-on with Okta for the admin portal");
        var id = IdeaHost.IdOf(manage);
        var offered = await host.ClickAsync(Blake, "submitIdea", Form("Okta single sign-on for admin portal users", "Contoso", "important"));
        await host.ClickAsync(Blake, "voteForIdea", IdeaHost.ActionData(offered, "voteForIdea"));

        // Blake is not a product manager: refused, nothing changes.
        var refused = await host.ClickAsync(Blake, "setIdeaStatus", IdeaHost.With(manage, ("status", "Shipped")));
        Assert.True(IdeaHost.Has(refused, "product manager"), refused.ToJsonString());
        Assert.Equal(IdeaStatus.New, (await host.Ideas.FindAsync(id, default))!.Status);

        // A card edited to point at the idea without its signature is refused too.
        var forged = await host.ClickAsync(IdeaHost.Pm, "setIdeaStatus", new JsonObject { ["ideaId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["status"] = "Declined" });
        Assert.False(IdeaHost.Has(forged, "Declined"), forged.ToJsonString());
        Assert.Equal(IdeaStatus.New, (await host.Ideas.FindAsync(id, default))!.Status);

        var planned = IdeaHost.With(manage, ("status", "Planned"), ("response", "Okta SSO is planned for the March release."));
        var changed = await host.ClickAsync(IdeaHost.Pm, "setIdeaStatus", planned, channel: IdeaHost.IdeasChannel);
        Assert.True(IdeaHost.Has(changed, "Planned"), changed.ToJsonString());

        var idea = (await host.Ideas.FindAsync(id, default))!;
        Assert.Equal(IdeaStatus.Planned, idea.Status);
        Assert.Equal(IdeaHost.Pm, idea.OwnerId);
        Assert.Contains(idea.Events, e => e.Kind == "status" && e.ActorId == IdeaHost.Pm && e.Detail == "New -> Planned");
        Assert.Contains(idea.Events, e => e.Kind == "response" && e.Detail == "Okta SSO is planned for the March release.");

        // Each agent gets one 1:1 card with the status, the response and what to tell the customer.
        var notes = await host.NextAsync(r => IdeaHost.Has(r.Body, "Good news: your request is planned."), 2);
        Assert.All(notes, n => Assert.True(IdeaHost.Has(n.Body, "Okta SSO is planned for the March release.")));
        Assert.Equal(
            new[] { Alex, Blake }.Select(a => Uri.EscapeDataString(IdeaHost.Chat(a))).Order(StringComparer.Ordinal),
            notes.Select(n => n.RawPath.Split('/')[3]).Order(StringComparer.Ordinal));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_merge_moves_agents_customers_and_cases_counting_each_once_and_tells_the_agents(string provider)
    {
        await using var host = await IdeaHost.StartAsync(provider, server);
        await host.ClickAsync(Alex, "createIdea", Form("Dark mode for the agent console", "Fabrikam", "important"));
        var keepId = IdeaHost.IdOf(await host.ChannelCardAsync("Dark mode for the agent console"));
        await host.ClickAsync(Blake, "createIdea", IdeaHost.With(Form("Night theme in the console", "Fabrikam", "critical"), ("caseId", "CAS-90001")));
        var goneData = await host.ChannelCardAsync("Night theme in the console");
        var goneId = IdeaHost.IdOf(goneData);
        // Alex votes for the second one too, for another customer (a vote needs only the signed idea and the draft).
        var alexVote = await host.ClickAsync(Alex, "voteForIdea", IdeaHost.With(goneData, ("title", "x"), ("customer", "Tailspin"), ("importance", "nice-to-have")));
        Assert.True(IdeaHost.Has(alexVote, "Your customer's vote"), alexVote.ToJsonString());

        var notPm = await host.ClickAsync(Alex, "mergeIdea", IdeaHost.With(goneData, ("mergeInto", $"IDEA-{keepId}")));
        Assert.True(IdeaHost.Has(notPm, "product manager"), notPm.ToJsonString());
        Assert.Equal(IdeaStatus.New, (await host.Ideas.FindAsync(goneId, default))!.Status);

        var merged = await host.ClickAsync(IdeaHost.Pm, "mergeIdea", IdeaHost.With(goneData, ("mergeInto", $"IDEA-{keepId}")));
        Assert.True(IdeaHost.Has(merged, "was merged into this idea"), merged.ToJsonString());

        var survivor = (await host.Ideas.FindAsync(keepId, default))!;
        var absorbed = (await host.Ideas.FindAsync(goneId, default))!;
        Assert.Equal(IdeaStatus.Merged, absorbed.Status);
        Assert.Equal(survivor.Id, absorbed.MergedIntoId);
        Assert.Empty(absorbed.Supporters);
        Assert.Equal(2, survivor.Supporters.Count); // Alex (in both) once, Blake
        Assert.Equal(["FABRIKAM", "TAILSPIN"], survivor.Customers.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal(Importance.Critical, survivor.Customers.Single(c => c.Key == "FABRIKAM").Importance); // given last
        Assert.Equal("CAS-90001", Assert.Single(survivor.Cases).CaseNumber);
        Assert.Contains(survivor.Events, e => e.Kind == "merged-in");

        var note = await host.Connector.NextAsync(r => r.RawPath.StartsWith($"/v3/conversations/{Uri.EscapeDataString(IdeaHost.Chat(Blake))}/activities", StringComparison.Ordinal)
            && IdeaHost.Has(r.Body, "was merged into"));
        Assert.True(IdeaHost.Has(note.Body, $"IDEA-{keepId}"));

        // A vote for the merged idea (an old card) goes to the survivor.
        await host.ClickAsync(Blake, "voteForIdea", IdeaHost.With(goneData, ("title", "x"), ("customer", "Northwind"), ("importance", "important")));
        Assert.Contains((await host.Ideas.FindAsync(survivor.Id, default))!.Customers, c => c.Key == "NORTHWIND");
    }

    [Theory, SqliteData]
    public async Task The_idea_command_free_text_and_the_message_action_open_the_form_and_a_question_stays_a_question(string provider)
    {
        await using var host = await IdeaHost.StartAsync(provider, server);

        Assert.True(IdeaHost.Has(await host.SayAsync(Alex, "idea"), "submitIdea"));
        var prefilled = await host.SayAsync(Alex, "idea Export invoices to Excel CAS-10421");
        Assert.True(IdeaHost.Has(prefilled, "Export invoices to Excel CAS-10421") && IdeaHost.Has(prefilled, "\"CAS-10421\""), prefilled.ToJsonString());
        var recognised = await host.SayAsync(Alex, "The customer wants to schedule reports to arrive by email every Monday");
        Assert.True(IdeaHost.Has(recognised, "sounds like a customer's feature idea"), recognised.ToJsonString());
        // Titled by what to build, not by who asked.
        Assert.True(IdeaHost.Has(recognised, "\"Schedule reports to arrive by email every Monday\""), recognised.ToJsonString());
        var question = await host.SayAsync(Alex, "The customer wants to know why the scheduled report arrives twice?");
        Assert.False(IdeaHost.Has(question, "submitIdea"), question.ToJsonString());

        var (status, body) = await host.PostAsync(host.Activity(Alex, "invoke", null, "19:general@thread.tacv2", new JsonObject
        {
            ["name"] = "composeExtension/submitAction",
            ["value"] = new JsonObject
            {
                ["commandId"] = "logIdea",
                ["data"] = new JsonObject { ["customer"] = "Fabrikam" },
                ["messagePayload"] = new JsonObject { ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = "<p>Customers keep asking for a <b>bulk edit</b> of contacts</p>" } },
            },
        }));
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Contains("idea form", body, StringComparison.Ordinal);
        var form = await host.Connector.NextAsync(r => IdeaHost.Has(r.Body, "bulk edit") && IdeaHost.Has(r.Body, "submitIdea"));
        Assert.DoesNotContain("19:general", form.RawPath, StringComparison.Ordinal); // to the agent 1:1, not into the channel
        Assert.Empty(await host.Ideas.ForSupporterAsync(Alex, 10, default)); // nothing logged on a guess
    }

    [Theory, SqliteData]
    public async Task Replies_in_the_ideas_channel_thread_are_kept_once_for_the_discussion(string provider)
    {
        // Jobs run when the test says so: the turn of a thread reply has no answer to wait for.
        await using var host = await IdeaHost.StartAsync(provider, server, ("Storage:Jobs:WorkerEnabled", "false"));
        var runner = host.Services.GetRequiredService<ExpertBot.Storage.Jobs.JobRunner>();
        var thread = $"{IdeaHost.IdeasChannel};messageid=777";
        host.Connector.Script("/v3/conversations", ExpertBot.Tests.Connector.FakeAnswer.Created(thread));
        await host.ClickAsync(Alex, "createIdea", Form("Offline mode for the mobile app", "Fabrikam", "critical"));
        while (await runner.RunOnceAsync(default) > 0)
        {
        }

        foreach (var (id, user, text) in new[] { ("r1", Blake, "Feasible once sync v2 ships."), ("r1", Blake, "Feasible once sync v2 ships."), ("r2", IdeaHost.Pm, "Agreed, next quarter.") })
        {
            var (status, _) = await host.PostAsync(host.Activity(user, "message", id, thread, new JsonObject { ["text"] = text }));
            Assert.Equal(System.Net.HttpStatusCode.OK, status);
        }
        while (await runner.RunOnceAsync(default) > 0)
        {
        }

        var idea = Assert.Single(await host.Ideas.ForSupporterAsync(Alex, 10, default));
        var discussion = (await host.Ideas.FindAsync(idea.Id, default))!.Events.Where(e => e.Kind == "discussion").OrderBy(e => e.Id).ToList();
        Assert.Equal(["[r1] Feasible once sync v2 ships.", "[r2] Agreed, next quarter."], discussion.Select(e => e.Detail));
        Assert.Equal([Blake, IdeaHost.Pm], discussion.Select(e => e.ActorId));
    }
}
