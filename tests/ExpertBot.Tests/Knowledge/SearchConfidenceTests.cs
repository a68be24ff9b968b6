using ExpertBot.Features.Knowledge.Search;

namespace ExpertBot.Tests.Knowledge;

/// <summary>The three readings of a hit's confidence, on the values the measurements and the hand-made sets produced.</summary>
public sealed class SearchConfidenceTests
{
    [Fact]
    public void Words_or_meaning_alone_carry_a_hit_as_far_as_they_go()
    {
        Assert.Equal(0.9, SearchConfidence.Of(0.9, double.NaN, double.NaN), 6); // no vector yet: words alone
        Assert.Equal(0.8, SearchConfidence.Of(0, 0.82, 0.1), 6); // (0.82 - 0.1) / (1 - 0.1)
    }

    [Fact]
    public void The_same_cosine_means_more_far_from_the_crowd_than_inside_it()
    {
        // A support question's article at 0.62 with the other articles near 0.08, against a bug report at 0.62 with ten
        // reports above 0.5.
        Assert.True(SearchConfidence.Of(0, 0.62, 0.08) > 0.5);
        Assert.True(SearchConfidence.Of(0, 0.62, 0.5) < 0.3);
    }

    [Fact]
    public void Half_the_words_and_half_the_meaning_together_are_surer_than_either()
    {
        var both = SearchConfidence.Of(0.53, 0.62, 0.084);

        Assert.True(both >= 0.6, $"{both}");
        Assert.True(SearchConfidence.Of(0.53, double.NaN, double.NaN) < 0.6);
        Assert.True(SearchConfidence.Of(0, 0.62, 0.084) < 0.6);
    }

    [Fact]
    public void Nothing_pointing_at_a_hit_is_no_confidence()
    {
        Assert.Equal(0, SearchConfidence.Of(0, 0.05, 0.1));
        Assert.Equal(0, SearchConfidence.Of(0, double.NaN, double.NaN));
        Assert.True(SearchConfidence.Of(0.1, 0.15, 0.1) < 0.2);
    }
}
