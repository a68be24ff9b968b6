using System.Globalization;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>Why the owner gets a card.</summary>
internal enum OwnerNotice { Draft, Validated, Fixed, Flagged, Reminder, Update, Reassigned, HandedOver }

/// <summary>
/// A card about an article to its owner (a draft to validate, a flag, a fix by someone else, a reminder to verify); with
/// <see cref="To"/>, to that chat instead: the new owner and the former one after a hand-over (named when it happened, so a
/// later hand-over does not redirect it), or the stand-in for an owner who left the directory.
/// </summary>
internal sealed record NotifyOwner(long ArticleId, int Version, OwnerNotice What, string? Text, int Sequence = 0, ConversationRef? To = null) : IJob<NotifyOwner>
{
    public static string Kind => "knowledge.notify-owner";
}

/// <summary>The verification timer: due when a validated article should be verified again; <see cref="Reminder"/> counts from 1.</summary>
internal sealed record ReviewDue(long ArticleId, long DueTicks, int Reminder) : IJob<ReviewDue>
{
    public static string Kind => "knowledge.review-due";
}

/// <summary>Writes one version of a validated external article to the CRM's knowledge base, and links it to its case.</summary>
internal sealed record PublishArticle(long ArticleId, int Version) : IJob<PublishArticle>
{
    public static string Kind => "knowledge.publish";
}

/// <summary>The jobs with their dedup keys: one card per article version and reason, one reminder per due date and round.</summary>
internal static class ArticleJobs
{
    public static NewJob Notify(Article a, OwnerNotice what, string? text = null, int sequence = 0, ConversationRef? to = null) =>
        TypedJobs.For(new NotifyOwner(a.Id, a.Version, what, text, sequence, to),
            NewJob.Key(NotifyOwner.Kind, Text(a.Id), Text(a.Version), what.ToString(), Text(sequence))) with { OrderingKey = Order(a) };

    public static NewJob Review(Article a, DateTimeOffset due, int reminder, DateTimeOffset runAfter) =>
        TypedJobs.For(new ReviewDue(a.Id, due.UtcTicks, reminder), NewJob.Key(ReviewDue.Kind, Text(a.Id), Text(due.UtcTicks), Text(reminder))) with { RunAfter = runAfter };

    public static NewJob Publish(Article a) =>
        TypedJobs.For(new PublishArticle(a.Id, a.Version), NewJob.Key(PublishArticle.Kind, Text(a.Id), Text(a.Version))) with { OrderingKey = Order(a) };

    /// <summary>One note per article and case; after the article's publishing (same order), so a published article is also linked.</summary>
    public static NewJob CaseNote(Article a, string caseNumber, string questionNumber, bool reused) =>
        TypedJobs.For(new NoteArticleOnCase(a.Id, caseNumber, questionNumber, reused),
            NewJob.Key(NoteArticleOnCase.Kind, Text(a.Id), caseNumber.Trim().ToUpperInvariant())) with { OrderingKey = Order(a) };

    private static string Order(Article a) => $"article:{a.Id}";

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
