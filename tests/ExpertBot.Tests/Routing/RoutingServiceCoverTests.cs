using ExpertBot.Features.Routing;

namespace ExpertBot.Tests.Routing;

/// <summary>Picking experts who together cover the question's topics.</summary>
public sealed class RoutingServiceCoverTests
{
    private static readonly Dictionary<string, string[]> Known = new()
    {
        ["ana"] = ["sso", "identity"],
        ["bob"] = ["sso", "identity"],
        ["carl"] = ["invoice"],
        ["dana"] = [],
    };

    private static IReadOnlySet<string> Knows(string expert, IReadOnlyList<string> topics) =>
        Known[expert].Where(t => topics.Contains(t, StringComparer.OrdinalIgnoreCase)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static readonly RankedExpert[] Ranked =
    [
        new("ana", 1.0, "knows sso"),
        new("bob", 0.9, "knows sso"),
        new("dana", 0.8, "active lately"),
        new("carl", 0.7, "knows invoice"),
    ];

    [Fact]
    public void After_the_best_expert_one_who_brings_a_missing_topic_beats_a_slightly_better_one_who_repeats()
    {
        var picked = TopicCover.Pick(Ranked, ["identity", "sso", "invoice"], Knows, 2);

        Assert.Equal(["ana", "carl"], picked.Select(p => p.ExpertId));
        Assert.Equal("knows invoice; covers invoice", picked[1].Why);
        Assert.Equal("knows sso", picked[0].Why);
    }

    [Fact]
    public void Once_every_topic_is_covered_the_ranking_order_decides_again()
    {
        var picked = TopicCover.Pick(Ranked, ["identity", "sso", "invoice"], Knows, 3);

        Assert.Equal(["ana", "carl", "bob"], picked.Select(p => p.ExpertId));
    }

    [Fact]
    public void Coverage_does_not_lift_a_far_weaker_match()
    {
        RankedExpert[] ranked = [new("ana", 1.0, ""), new("bob", 0.9, ""), new("carl", 0.3, "")];

        var picked = TopicCover.Pick(ranked, ["identity", "sso", "invoice"], Knows, 2);

        Assert.Equal(["ana", "bob"], picked.Select(p => p.ExpertId));
    }

    [Fact]
    public void With_a_single_topic_it_is_the_top_k()
    {
        var picked = TopicCover.Pick(Ranked, ["invoice"], Knows, 2);

        Assert.Equal(["ana", "bob"], picked.Select(p => p.ExpertId));
    }
}
