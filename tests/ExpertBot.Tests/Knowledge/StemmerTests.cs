using ExpertBot.Features.Knowledge.Search;

namespace ExpertBot.Tests.Knowledge;

/// <summary>Porter's steps 1 and 5 (plurals, -ed, -ing, final y and e), on examples of Porter's 1980 paper and support words.</summary>
public sealed class StemmerTests
{
    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("caress", "caress")]
    [InlineData("cats", "cat")]
    [InlineData("feed", "feed")]
    [InlineData("agreed", "agre")]
    [InlineData("plastered", "plaster")]
    [InlineData("bled", "bled")]
    [InlineData("motoring", "motor")]
    [InlineData("sing", "sing")]
    [InlineData("conflated", "conflat")]
    [InlineData("troubled", "troubl")]
    [InlineData("sized", "size")]
    [InlineData("hopping", "hop")]
    [InlineData("falling", "fall")]
    [InlineData("hissing", "hiss")]
    [InlineData("failing", "fail")]
    [InlineData("filing", "file")]
    [InlineData("happy", "happi")]
    [InlineData("sky", "sky")]
    [InlineData("crashes", "crash")]
    [InlineData("crashed", "crash")]
    [InlineData("crashing", "crash")]
    [InlineData("fixes", "fix")]
    [InlineData("controlling", "control")]
    [InlineData("controlled", "control")]
    [InlineData("falls", "fall")]
    [InlineData("is", "is")]
    [InlineData("utf8", "utf8")]
    [InlineData("aadsts50011", "aadsts50011")]
    [InlineData("über", "über")]
    public void Strips_inflections_only(string word, string stem) => Assert.Equal(stem, Stemmer.Stem(word));

    [Fact]
    public void A_question_and_a_document_in_other_inflections_share_their_terms()
    {
        Assert.Equal(SearchText.Terms("Firefox crashes when opening attachments"), SearchText.Terms("firefox crashing when opened attachment"));
        Assert.NotEqual(SearchText.Terms("the printer is printing"), SearchText.Terms("the printer is painting"));
    }
}
