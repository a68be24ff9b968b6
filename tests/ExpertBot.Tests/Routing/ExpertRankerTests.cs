using ExpertBot.Features.Routing;

namespace ExpertBot.Tests.Routing;

public sealed class ExpertRankerTests
{
    private static RoutingIndex SmallCompany()
    {
        var index = new RoutingIndex();
        index.Add(new PastQuestion("1", 1, "sso login loop with azure ad b2c", "users bounce between login and app", ["identity"], ["ana", "bob"], "ana"));
        index.Add(new PastQuestion("2", 2, "b2c custom policy token lifetime", "refresh token expires early", ["identity"], ["ana"], "ana"));
        index.Add(new PastQuestion("3", 3, "invoice totals wrong after tax change", "vat rounding", ["billing"], ["carl"], "carl"));
        index.Add(new PastQuestion("4", 4, "export invoices to csv", "finance wants csv", ["billing"], ["carl", "bob"], "bob"));
        return index;
    }

    [Fact]
    public void The_expert_with_accepted_answers_on_similar_questions_ranks_first()
    {
        var ranking = new ExpertRanker(SmallCompany()).Rank(
            new RoutingQuery("customer stuck in b2c sso login loop", "", ["identity"], "dana"), ["ana", "bob", "carl", "dana"]);

        Assert.Equal("ana", ranking[0].ExpertId);
        Assert.Contains("knows identity", ranking[0].Why, StringComparison.Ordinal);
        Assert.Contains("2 accepted", ranking[0].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void The_topic_decides_who_is_first()
    {
        var ranking = new ExpertRanker(SmallCompany()).Rank(
            new RoutingQuery("vat rounding on invoice totals", "", ["billing"], null), ["ana", "bob", "carl"]);

        Assert.Equal("carl", ranking[0].ExpertId);
        Assert.Equal("ana", ranking[^1].ExpertId);
    }

    [Fact]
    public void The_asker_is_never_a_candidate()
    {
        var ranking = new ExpertRanker(SmallCompany()).Rank(
            new RoutingQuery("b2c sso login loop", "", ["identity"], "ana"), ["ana", "bob", "carl"]);

        Assert.DoesNotContain(ranking, r => r.ExpertId == "ana");
        Assert.Equal(2, ranking.Count);
    }

    [Fact]
    public void A_new_resolved_question_changes_the_next_ranking_without_a_rebuild()
    {
        var index = SmallCompany();
        var ranker = new ExpertRanker(index);
        var query = new RoutingQuery("kubernetes ingress certificate renewal", "", ["hosting"], null);
        Assert.Equal("no related history yet", ranker.Rank(query, ["erin"])[0].Why);

        index.Add(new PastQuestion("5", 5, "ingress certificate renewal fails on kubernetes", "", ["hosting"], ["erin"], "erin"));

        var top = ranker.Rank(query, ["ana", "bob", "carl", "erin"])[0];
        Assert.Equal("erin", top.ExpertId);
        Assert.Contains("answered 1 similar questions (1 accepted)", top.Why, StringComparison.Ordinal);
    }
}
