using System.Text.Json;
using System.Text.Json.Nodes;
using ExpertBot.CardActions;
using ExpertBot.Features.Conversation;
using ExpertBot.Features.Experts;
using ExpertBot.Features.Ideas;
using ExpertBot.Features.Knowledge;
using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Resolutions;
using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.Cards;

/// <summary>
/// Every card as the product builds it, with each optional part absent and with all of them present: no template syntax
/// ever shows ("case ${caseId}"), and people's text (here full of markdown, HTML and template syntax) is only ever in a
/// TextRun or an input's value, where Teams shows it as text, never in a markdown TextBlock.
/// </summary>
public sealed class CardTextTests
{
    private const string Hostile = "**bold** [link](http://evil.example) <tenant> ${title} _x_";
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 30, 0, TimeSpan.Zero);

    private static readonly CardLibrary Library = new();
    private static readonly CardSeal Seal = CreateSeal();
    private static readonly QuestionCards Questions = new(Library, Seal, new ExpertBot.Features.Routing.ExpertPools(Options.Create(new ExpertBot.Features.Routing.RoutingOptions())));
    private static readonly ResolutionCards Resolutions = new(Library, Seal, Questions);
    private static readonly IdeaCards Ideas = new(Library, Seal);
    private static readonly ArticleCards Articles = new(Library, Seal);

    private static CardSeal CreateSeal()
    {
        var key = new CardSigningKey(Options.Create(new CardActionOptions { SigningKey = Convert.ToBase64String(new byte[32]) }), null!, TimeProvider.System);
        key.StartAsync(default).GetAwaiter().GetResult();
        return new CardSeal(key);
    }

    public static TheoryData<string> Shapes() => new("bare", "full");

    [Theory]
    [MemberData(nameof(Shapes))]
    public void No_card_shows_template_syntax_and_peoples_text_is_only_text(string shape)
    {
        var cards = Build(shape == "full").ToList();
        Assert.True(cards.Count >= 20, $"Only {cards.Count} cards were built.");

        foreach (var (name, card) in cards)
        {
            var json = card.ToJsonString();
            Assert.False(json.Contains("${", StringComparison.Ordinal) && !ContainsOnlyInPeoplesText(card), $"{name} ({shape}) shows template syntax: {json}");
            var misplaced = MisplacedPeoplesText(card, "**bold**").ToList();
            Assert.True(misplaced.Count == 0, $"{name} ({shape}): people's text where Teams reads it as markup: {string.Join("; ", misplaced)}");
        }
    }

    /// <summary>
    /// Where <paramref name="marker"/> (a piece of people's text) sits outside a TextRun, an input or action data: there
    /// Teams would read it as markdown or markup. Empty when every occurrence is shown as text.
    /// </summary>
    internal static IEnumerable<string> MisplacedPeoplesText(JsonNode card, string marker) =>
        from s in Strings(card, null)
        where s.Text.Contains(marker, StringComparison.Ordinal)
        let type = s.Holder?["type"]?.GetValue<string>()
        // Action data (a verb's, a question's or idea's id, an idea draft carried to the next step) goes back to the bot, never shown.
        // A choice of an Input.ChoiceSet is an input's part: shown as plain text (a person's name in a hand-over list).
        where !(type is "TextRun" || type?.StartsWith("Input.", StringComparison.Ordinal) == true || s.Holder?["verb"] is not null
            || (s.Holder?.Parent?.Parent as JsonObject)?["type"]?.GetValue<string>() == "Input.ChoiceSet"
            || s.Holder?["questionId"] is not null || s.Holder?["ideaId"] is not null || s.Holder?["form"] is not null)
        select $"in a {type ?? "field without a type"}: {s.Holder?.ToJsonString()}";

    /// <summary>The only "${" allowed is the one people typed themselves, shown as text.</summary>
    private static bool ContainsOnlyInPeoplesText(JsonNode card) =>
        Strings(card, null).Where(s => s.Text.Contains("${", StringComparison.Ordinal)).All(s => s.Text.Contains(Hostile, StringComparison.Ordinal) || s.Text.Contains("${title} _x_", StringComparison.Ordinal));

    internal static IEnumerable<(string Name, JsonNode Card)> Build(bool full)
    {
        var q = Question(full);
        var invitation = q.Invitations.Count > 0 ? q.Invitations[0] : new Invitation { ExpertId = "e1", ExpertName = "Megan Bowen", Reason = Hostile, InvitedAt = Now };
        yield return ("question-status", Card(Questions.Status(q)));
        yield return ("expert-invitation (1:1)", Card(Questions.Invitation(q, invitation)));
        yield return ("expert-invitation (channel)", Card(Questions.ChannelInvitation(q, [.. q.Invitations.DefaultIfEmpty(invitation)])));
        yield return ("question-full", Card(Questions.FullQuestion(q)));
        yield return ("follow-update", Card(Questions.FollowUpdate(q, $"Megan Bowen is taking {q.Number}: {Hostile}")));
        yield return ("refusal", Card(Questions.Refusal(new Refusal("Who do you mean?", $"I can't find \"{Hostile}\"."))));
        yield return ("my-questions", Card(Questions.Mine(full ? [q, Question(false)] : [], Now)));
        var article = new KnowledgeArticle("KB-1", Hostile, Hostile, "", "", Hostile, full ? "Identity" : "", []);
        yield return ("kb-suggestion", Card(Questions.KnowledgeSuggestion(q, [new KnowledgeMatch(article, 1, 0.9)])));
        if (q.Contributions.Count > 0)
        {
            yield return ("expert-reply", Card(Questions.ExpertReply(q, q.Contributions[0])));
        }
        var resolved = Question(full, resolved: true);
        foreach (var state in new CaseNoteState?[] { null, CaseNoteState.NoCase, CaseNoteState.Pending, CaseNoteState.Written, CaseNoteState.Failed })
        {
            var row = state is null ? null : new Resolution { QuestionId = 1, NoteState = state.Value, NoteSystem = "Dynamics 365", NoteCase = resolved.CaseNumber, NoteProblem = full ? "HTTP 503" : null,
                // The full written state carries a model's reply (the card then says the model wrote it).
                CustomerReply = full && state == CaseNoteState.Written ? $"Set the label size to 4x6. {Hostile}" : null,
                CustomerReplyBy = full && state == CaseNoteState.Written ? "azure-openai:gpt-4o-mini" : null };
            yield return ($"resolved-summary ({state?.ToString() ?? "no row"})", Card(Resolutions.Resolved(resolved, row, full ? "Dana Whitfield" : null)));
            if (row is not null)
            {
                yield return ($"case-note-failed ({state})", Card(Resolutions.NoteFailed(resolved, row)));
            }
        }
        var person = new DirectoryPerson { Id = "p1", DisplayName = "Megan Bowen", JobTitle = full ? "Senior Identity Engineer" : null, Skills = full ? ["SAML 2.0"] : [] };
        var preferences = new ExpertPreferences("p1") { AskMeAbout = full ? [Hostile] : [], MaxInvitationsPerDay = full ? 3 : null };
        yield return ("expert-profile", Card(new ExpertProfileCards(Library, TimeProvider.System).Profile(person, preferences, full ? $"I'll ask you about \"{Hostile}\"." : null)));
        yield return ("contributions", Card(ContributionsCard.Build(Library, full ? Hostile : "Megan Bowen", full
            ? new Contributions(3, 4, 9, 4.5, 2, 5, 1, new ArticleCredit(2, 1, 6, 4.0, 3))
            : new Contributions(0, 0, 0, null, 0, 0, 0))));
        yield return ("help", Card(Library.Message("help", full ? HelpCard.Demo with { Note = $"\"{Hostile}\" doesn't look like a question." } : HelpCard.Default)));
        yield return ("welcome", Card(Library.Message("welcome", new WelcomeCard("ExpertBot", "Alex"))));
        var idea = Idea(full);
        var draft = new IdeaDraft(full ? Hostile : "Export as PDF", full ? Hostile : null, full ? "Billing" : null, full ? Hostile : null, full ? "CAS-10421" : null, Importance.Critical);
        yield return ("idea-form", Card(Ideas.Form(full ? ["Billing"] : [], full ? draft : null, full ? "This sounds like an idea." : null)));
        yield return ("idea-similar", Card(Ideas.Similar(draft, [(new SimilarIdea(idea.Id, idea.Title, idea.Product, 0.8), idea)])));
        yield return ("idea-card", Card(Ideas.Card(idea, manage: full, heading: full ? "New customer idea from Alex Wilber" : null)));
        yield return ("idea-update", Card(Ideas.Update(idea, full ? Idea(false) : null)));
        foreach (var state in Enum.GetValues<ArticleState>())
        {
            var details = Article(full, state);
            yield return ($"article-draft ({state})", Card(Articles.Draft(details, full ? $"Drafted from Q-12: {Hostile}" : null)));
            yield return ($"article ({state})", Card(Articles.Article(details, full ? $"{Hostile} flagged it" : null)));
        }
        yield return ("kb-results", Card(Articles.Results(full ? Hostile : "zebra", full
            ? [new KnowledgeMatch(article, 1, 0.9), new KnowledgeMatch(article with { Id = "Q-12", FromResolvedQuestion = true }, 0.5, 0.5)]
            : [])));
        yield return ("question-form", Card(Library.Message("question-form", QuestionForm.For(full ? ["Identity"] : [], full ? $"{Hostile}\n{Hostile}" : null, full ? "Shall I ask?" : null))));
    }

    private static ArticleDetails Article(bool full, ArticleState state)
    {
        var a = new Article
        {
            Id = 7001,
            Title = full ? Hostile : "Zebra labels print blank",
            Issue = full ? Hostile : "",
            Environment = full ? Hostile : "",
            Cause = full ? Hostile : "",
            Resolution = full ? Hostile : "Set the label size to 4x6.",
            State = state,
            OwnerId = "e1",
            OwnerName = "Megan Bowen",
            SourceQuestionNumber = full ? "Q-12" : null,
            LastVerifiedAt = full ? Now : null,
            Version = 3,
        };
        return full
            ? new ArticleDetails(a, [new ArticleContributor { ArticleId = 7001, PersonId = "e1", Name = "Megan Bowen", Role = "expert" }], 4.5, 2,
                [new ArticleFlag { Id = 1, ArticleId = 7001, PersonId = "c1", PersonName = "Adele Vance", Reason = FlagReason.Outdated, Comment = Hostile, At = Now }],
                new ArticleUpdate { Id = 3, ArticleId = 7001, QuestionId = 14, QuestionNumber = "Q-14", Text = Hostile, ProposedById = "e2", ProposedByName = "Adele Vance", At = Now })
            {
                NewOwners = [new OwnerChoice("e2", "Adele Vance"), new OwnerChoice("e3", Hostile)],
            }
            : new ArticleDetails(a, [], null, 0, [], null);
    }

    private static Idea Idea(bool full)
    {
        var idea = new Idea { Id = full ? 12 : 13, Title = full ? Hostile : "Export as PDF", Status = full ? IdeaStatus.Planned : IdeaStatus.New, SubmitterId = "a1", SubmitterName = "Alex Wilber", CreatedAt = Now, UpdatedAt = Now };
        if (full)
        {
            idea.Details = Hostile;
            idea.Product = "Billing";
            idea.OwnerName = "Megan Bowen";
            idea.Response = Hostile;
            idea.Customers.Add(new IdeaCustomer { Key = "FABRIKAM", Name = Hostile, Importance = Importance.Critical, AccountValue = 120000, UpdatedAt = Now });
            idea.Supporters.Add(new IdeaSupporter { UserId = "a1", Name = "Alex Wilber", Chat = new ConversationRef("https://smba.trafficmanager.net/amer/", "msteams", "a:1", "t1", "28:bot"), Submitted = true, At = Now });
        }
        return idea;
    }

    private static Question Question(bool full, bool resolved = false) => new()
    {
        Id = full ? 12 : 13,
        AskerId = "a1",
        AskerName = "Alex Wilber",
        AskerChat = new ConversationRef("https://smba.trafficmanager.net/amer/", "msteams", "a:1", "t1", "28:bot"),
        Title = full ? Hostile : "Export drops a column",
        Status = resolved ? QuestionStatus.Resolved : QuestionStatus.Routing,
        Resolution = resolved ? Hostile : null,
        ResolvedAt = resolved ? Now : null,
        CreatedAt = Now.AddMinutes(-20),
        LastActivityAt = Now,
        Details = full ? Hostile : null,
        Tried = full ? Hostile : null,
        Product = full ? "Identity" : null,
        CaseNumber = full ? "CAS-10421" : null,
        ThreadConversationId = full ? "19:experts@thread.tacv2;messageid=7" : null,
        ThreadRootActivityId = full ? "7" : null,
        Invitations = full
            ?
            [
                new Invitation { Id = 1, ExpertId = "e1", ExpertName = "Megan Bowen", Reason = $"knows {Hostile}", InvitedAt = Now },
                new Invitation { Id = 2, ExpertId = "e2", ExpertName = "Adele Vance", Reason = "knows SAML", Status = InvitationStatus.Accepted, InvitedAt = Now, AnsweredAt = Now },
            ]
            : [],
        Contributions = full ? [new Contribution { Id = 5, AuthorId = "e2", AuthorName = "Adele Vance", Text = Hostile, SourceActivityId = "m5", ProposedAnswer = true, CreatedAt = Now }] : [],
    };

    private static JsonNode Card(Activity message) => JsonNode.Parse(message.Attachments![0].Content!.Value.GetRawText())!;

    /// <summary>Every string in the card with the object that holds it.</summary>
    private static IEnumerable<(string Text, JsonObject? Holder)> Strings(JsonNode? node, JsonObject? holder) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value, o)),
        JsonArray a => a.SelectMany(v => Strings(v, holder)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [(v.GetValue<string>(), holder)],
        _ => [],
    };
}
