using System.Globalization;
using ExpertBot.CardActions;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Questions.Actions;

namespace ExpertBot.Features.Resolutions.Actions;

/// <summary>Stars for each expert who replied, from the resolved card ("rating-{replyId}" per expert).</summary>
internal sealed record RateAnswers(long QuestionId, IReadOnlyList<(long ReplyId, int Stars)> Ratings, int? LegacyStars)
    : ICardVerb<RateAnswers>, IAboutSubject
{
    public static string Verb => "rateAnswer";

    public static Who Who => Who.Asker | Who.Supervisor;

    public SubjectRef Subject => QuestionSubject.Of(QuestionId);

    public static RateAnswers Bind(CardData data)
    {
        var ratings = new List<(long, int)>();
        foreach (var (suffix, value) in data.Prefixed("rating-"))
        {
            if (!long.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var replyId)
                || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var stars))
            {
                throw CardDataException.Damaged("A rating is not a number of stars for a reply");
            }
            ratings.Add((replyId, stars));
        }
        // A card from before per-expert ratings sends one "rating" for the accepted answer.
        var legacy = int.TryParse(data.Text("rating", 2), NumberStyles.None, CultureInfo.InvariantCulture, out var single) ? single : (int?)null;
        if (ratings.Count == 0 && legacy is null)
        {
            throw new CardDataException(new Refusal("Can't rate that", "Pick 1 to 5 stars for at least one expert's answer; nothing changed."));
        }
        return new RateAnswers(data.SignedId("questionId"), ratings, legacy);
    }
}

internal sealed class RateAnswersHandler(QuestionService questions, QuestionCards cards, ResolutionFlow flow) : ICardActionHandler<RateAnswers>
{
    public async Task<CardReply> HandleAsync(CardAction<RateAnswers> action, CancellationToken ct)
    {
        var rate = action.Data;
        IReadOnlyList<(long, int)> ratings = rate.Ratings;
        if (ratings.Count == 0 && rate.LegacyStars is { } stars
            && await questions.FindAsync(rate.QuestionId, ct) is { } question
            && (question.Contributions.FirstOrDefault(c => c.Accepted) ?? question.Contributions.FirstOrDefault(c => !c.FromAsker)) is { } accepted)
        {
            ratings = [(accepted.Id, stars)];
        }
        if (ratings.Count == 0)
        {
            return cards.Reply(QuestionOutcome.Refused(null, new Refusal("Can't rate that", "There is no expert's answer to rate on this question; nothing changed.")));
        }
        var outcome = await questions.RateAsync(rate.QuestionId, action.Actor, ratings, ct);
        return await flow.CurrentAsync(outcome, ct);
    }
}
