using ExpertBot.Hosting;
using ExpertBot.CardActions;
using ExpertBot.Features.Knowledge;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Routing;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;
using ExpertBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.Questions;

/// <summary>Past questions resolved by experts become searchable answers (coordination first), once each, from the database.</summary>
[Collection(StorageCollection.Name)]
public sealed class ResolvedAnswersTests(PostgresServer server)
{
    private static readonly ConversationRef Chat = new("http://localhost:1/_connector", "msteams", "personal-chat-alex", "tenant", "bot");
    private static readonly Actor Asker = new("asker-aad", "Alex Wilber", Chat);
    private static readonly Actor Megan = new("megan-aad", "Megan Bowen", Chat with { ConversationId = "chat-megan" });
    private static readonly StepPolicy Policy = new(ExpertsPerStep: 1, InvitationTimeout: TimeSpan.FromMinutes(30), MaxSteps: 2);

    [Theory, SqliteData, PostgresData]
    public async Task Expert_answers_are_found_by_the_next_agent_and_loaded_once_while_other_endings_are_not(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = await StorageHost.StartAsync(database);
        var db = host.Services.GetRequiredService<ExpertBotDatabase>();
        var service = new QuestionService(db, host.Services.GetRequiredService<JobSignal>(), new InvitationLoad(db, Options.Create(new RoutingOptions())),
            new AppRoles(Options.Create(new RoleOptions()), new NoGroupMembership()), host.Clock, Options.Create(new QuestionOptions()));
        var solved = await ResolveByExpertAsync(service, "Webhook deliveries stop after rotating the signing secret",
            "Re-register the webhook endpoint after the rotation; the old secret is cached for 24 hours.");
        var fromArticle = await service.AskAsync(new NewQuestion(Asker, "Invoice VAT rate wrong after relocation", null, null, "Billing", null, null), default);
        await service.AnsweredByKnowledgeBaseAsync(fromArticle.Id, Asker, "KB-BIL-001", "Update the billing country.", default);
        var cancelled = await service.AskAsync(new NewQuestion(Asker, "Webhook deliveries stop after a secret rotation?", null, null, null, null, null), default);
        await service.CancelAsync(cancelled.Id, Asker, "duplicate", default);

        var knowledge = ExpertBot.Tests.Knowledge.SearchKit.Knowledge();
        var answers = new ResolvedAnswers(knowledge, db, host.Clock, Options.Create(new QuestionOptions()), NullLogger<ResolvedAnswers>.Instance);

        Assert.Equal(1, await answers.LoadNewAsync(default));
        Assert.Equal(0, await answers.LoadNewAsync(default)); // seen already: never indexed twice
        await knowledge.Index.WhenEmbeddedAsync();
        var hit = Assert.Single(await knowledge.SearchAsync("webhook deliveries stopped after we rotated the signing secret", 3));
        Assert.Equal(solved.Number, hit.Article.Id);
        Assert.True(hit.Article.FromResolvedQuestion);
        Assert.Contains("Re-register the webhook", hit.Article.Resolution, StringComparison.Ordinal);
        Assert.Equal(1, knowledge.Count); // answered by an article (that article is the answer) or cancelled: not indexed

        // Resolved later (on this or another instance): the next pass adds it.
        var later = await ResolveByExpertAsync(service, "SCIM provisioning skips users with plus signs in their email",
            "Encode the plus sign in the SCIM filter; the connector sends it raw.");
        Assert.Equal(1, await answers.LoadNewAsync(default));
        await knowledge.Index.WhenEmbeddedAsync();
        Assert.Equal(later.Number, (await knowledge.SearchAsync("SCIM provisioning skips users with a plus sign in the email", 1)).Single().Article.Id);
    }

    private static async Task<Question> ResolveByExpertAsync(QuestionService service, string title, string answer)
    {
        var q = await service.AskAsync(new NewQuestion(Asker, title, null, null, "Platform", null, null), default);
        await service.RouteAsync(q.Id, Asker, [new Candidate(Megan.Id, Megan.Name, "knows it")], Policy, default);
        await service.TakeAsync(q.Id, Megan, default);
        await service.RecordReplyAsync(q.Id, Megan, answer, $"activity-{Guid.NewGuid():N}", fromAsker: false, default);
        var reply = (await service.FindAsync(q.Id, default))!.Contributions.Single();
        var accepted = await service.AcceptAsync(q.Id, Asker, reply.Id, null, default);
        Assert.Null(accepted.Refusal);
        return accepted.Question!;
    }
}
