using ExpertBot.Features.Cases;
using ExpertBot.Features.Knowledge;

namespace ExpertBot.Tests.Knowledge;

public sealed class KnowledgeIndexTests
{
    private static KnowledgeIndex Demo() => DemoKnowledge.Load(Path.Combine(AppContext.BaseDirectory, "demo-knowledge.json"));

    [Fact]
    public void Demo_articles_answer_a_matching_question_first_and_confidently()
    {
        var hits = Demo().Search("Customer gets AADSTS50011 reply URL error on SSO sign-in after the EU move", top: 3);

        Assert.Equal("KB-1001", hits[0].Article.Id);
        Assert.True(hits[0].Confidence > 0.6, $"confidence {hits[0].Confidence}");
        Assert.True(hits.Count < 2 || hits[0].Score > hits[1].Score);
    }

    [Fact]
    public void Case_numbers_and_names_no_article_uses_do_not_lower_the_confidence()
    {
        var plain = Demo().Search("AADSTS50011 reply URL error on SSO sign-in after the EU move", top: 1)[0];
        var withReferences = Demo().Search("Fabrikam CAS-10421 ref 7f3a9c2e: AADSTS50011 reply URL error on SSO sign-in after the EU move", top: 1)[0];

        Assert.Equal("KB-1001", withReferences.Article.Id);
        Assert.Equal(plain.Confidence, withReferences.Confidence, precision: 6);
    }

    [Fact]
    public void A_single_shared_word_is_not_a_confident_match()
    {
        var hits = Demo().Search("webhook", top: 3);

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal(0, h.Confidence));
    }

    [Fact]
    public void An_unrelated_question_gets_no_confident_match()
    {
        var hits = Demo().Search("Customer would like a dark theme for the printed quarterly brochure", top: 3);

        Assert.All(hits, h => Assert.True(h.Confidence < 0.5, $"{h.Article.Id} confidence {h.Confidence}"));
    }

    [Fact]
    public void A_new_article_is_searchable_at_once_and_ids_are_unique()
    {
        var index = Demo();
        var before = index.Search("kerberos constrained delegation keytab", top: 1);
        var article = new KnowledgeArticle("KB-9000", "Kerberos constrained delegation with keytab", "Kerberos fails", "On-prem connector",
            "Keytab lacks SPN", "Regenerate the keytab with the SPN", "Identity", ["kerberos"]);

        index.Add(article);

        Assert.Empty(before);
        Assert.Equal("KB-9000", index.Search("kerberos constrained delegation keytab", top: 1)[0].Article.Id);
        Assert.Same(article, index.Find("KB-9000"));
        Assert.Throws<InvalidOperationException>(() => index.Add(article));
    }

    [Fact]
    public void A_seed_file_with_an_article_missing_its_resolution_is_refused()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """[{"id":"KB-1","title":"t","issue":"","environment":"","cause":"","resolution":"","product":"p","tags":[]}]""");
            var error = Assert.Throws<InvalidDataException>(() => DemoKnowledge.Load(path));
            Assert.Contains("resolution", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
