using ExpertBot.Features.Knowledge.Search;

namespace ExpertBot.Tests.Knowledge;

/// <summary>The hybrid index on small hand-made sets, with the real local model.</summary>
public sealed class HybridSearchTests
{
    private static readonly SearchDocument[] Support =
    [
        SearchKit.Doc("KB-1", "Password reset email never arrives", "The reset link is sent from no-reply@contoso.com; spam filters often hold it. Allow-list the sender.", "Identity"),
        SearchKit.Doc("KB-2", "Mobile app crashes on start after update", "After version 5.3 the app closes immediately on launch on iOS 17. Reinstall the app.", "Mobile"),
        SearchKit.Doc("KB-3", "Invoice shows wrong VAT rate", "Tax is calculated from the billing country stored when the period started.", "Billing"),
        SearchKit.Doc("KB-4", "Scheduled report not delivered", "Reports scheduled for a weekend are sent on Monday; check the schedule's time zone.", "Reporting"),
        SearchKit.Doc("KB-5", "Cannot upload files larger than 100 MB", "Uploads are limited to 100 MB per file; use the desktop sync client for larger files.", "Platform"),
        SearchKit.Doc("KB-6", "Dark mode ignored in the web app", "The web app follows the system theme only when Appearance is set to Automatic.", "Platform"),
    ];

    [Theory]
    [InlineData("I can't get back into my account because the recovery mail doesn't show up in my inbox", "KB-1")]
    [InlineData("the iPhone application quits instantly whenever I open it since yesterday's upgrade", "KB-2")]
    [InlineData("we were charged the tax of our old country", "KB-3")]
    [InlineData("uploading a big video fails every time", "KB-5")]
    public async Task A_question_in_other_words_finds_its_article(string question, string expected)
    {
        using var index = SearchKit.Index();
        await index.UpsertManyAsync(Support, default);

        var hits = await index.SearchAsync(question, top: 3);

        Assert.Equal(expected, hits[0].Document.Id);
    }

    [Fact]
    public async Task Meaning_finds_what_words_alone_miss()
    {
        using var index = SearchKit.Index();
        await index.UpsertManyAsync(Support, default);
        const string question = "I can't get back into my account because the recovery mail doesn't show up in my inbox";

        var byWords = index.Search(question, QueryVectors.None, top: Support.Length);
        var hybrid = await index.SearchAsync(question, top: 1);

        // "account", "recovery", "mail", "inbox": in no article; only KB-3's "shows" shares a word ("show").
        Assert.Equal(0, byWords.Single(h => h.Document.Id == "KB-1").Score);
        Assert.Equal("KB-3", byWords[0].Document.Id);
        Assert.Equal("KB-1", hybrid[0].Document.Id);
        Assert.True(hybrid[0].Semantic > 0.4, $"cosine {hybrid[0].Semantic}");
    }

    [Fact]
    public async Task Centring_changes_the_ranking_signal_but_not_the_cosine_and_confidence_a_hit_reports()
    {
        using var centred = SearchKit.Index();
        using var raw = SearchKit.Index(options: new KnowledgeSearchOptions { CenterVectors = false });
        await centred.UpsertManyAsync(Support, default);
        await raw.UpsertManyAsync(Support, default);
        const string question = "the iPhone application quits instantly whenever I open it since yesterday's upgrade";
        var vectors = await raw.EmbedQueryAsync(question, default);

        var a = centred.Search(question, vectors, Support.Length).ToDictionary(h => h.Document.Id);
        var b = raw.Search(question, vectors, Support.Length).ToDictionary(h => h.Document.Id);

        Assert.Equal("KB-2", a.Values.MaxBy(h => h.Score)!.Document.Id);
        Assert.All(Support, d =>
        {
            Assert.Equal(b[d.Id].Semantic, a[d.Id].Semantic, 5);
            Assert.Equal(b[d.Id].Confidence, a[d.Id].Confidence, 5);
        });
        Assert.NotEqual(b.Values.Select(h => h.Score).Order(), a.Values.Select(h => h.Score).Order());
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(0, false)]
    public async Task A_direction_that_splits_the_whole_collection_does_not_decide_which_document_is_nearest(int directions, bool itemFirst)
    {
        // Half the reports lean one way ("alpha"), half the other ("beta"): the axis between them is the collection's main
        // direction of variance. A question about item 1 (a beta report) that happens to say "alpha" is nearest to item 1
        // only once that axis is left out; with centring alone every alpha report is nearer. Stand-in vectors (sums of
        // fixed word vectors) make the geometry exact; the meaning alone ranks here.
        var options = new KnowledgeSearchOptions { Fusion = FusionMethod.SemanticOnly, CommonDirections = directions };
        var model = new EmbeddingModel("stand-in", 384, new BenchSearchCommand.StandInGenerator(384));
        using var index = new HybridIndex(options, model, new EmbeddingCache(null, model.Id, model.Dimensions));
        await index.UpsertManyAsync([.. Enumerable.Range(0, 1100).Select(i =>
            SearchKit.Doc($"doc-{i}", "", $"{(i % 2 == 0 ? "alpha alpha alpha alpha" : "beta beta beta beta")} item{i}"))], default);
        var question = "alpha item1";
        var vector = (await model.Generator.GenerateAsync([question]))[0].Vector.ToArray();

        var hits = index.Search(question, new QueryVectors(vector, vector), 1);

        var top = int.Parse(hits[0].Document.Id[4..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(itemFirst ? top == 1 : top % 2 == 0, hits[0].Document.Id);
    }

    [Fact]
    public async Task After_replacements_and_removals_the_index_scores_exactly_as_a_fresh_index_of_what_is_left()
    {
        // The collection's mean vectors the question is centred on must follow every change, or old versions would still
        // pull the ranking.
        using var changed = SearchKit.Index();
        await changed.UpsertManyAsync(Support, default);
        await changed.UpsertAsync(SearchKit.Doc("KB-5", "Kerberos keytab rejected by the connector", "Regenerate the keytab with the service principal name.", "Identity"), default);
        Assert.True(changed.Remove("KB-4"));
        using var fresh = SearchKit.Index();
        await fresh.UpsertManyAsync([.. Support.Where(d => d.Id is not ("KB-4" or "KB-5")), SearchKit.Doc("KB-5", "Kerberos keytab rejected by the connector", "Regenerate the keytab with the service principal name.", "Identity")], default);
        const string question = "uploading a big video fails every time";
        var vectors = await fresh.EmbedQueryAsync(question, default);

        var expected = fresh.Search(question, vectors, 10).Select(h => (h.Document.Id, Math.Round(h.Score, 5))).ToList();
        var actual = changed.Search(question, vectors, 10).Select(h => (h.Document.Id, Math.Round(h.Score, 5))).ToList();

        Assert.Equal(5, actual.Count);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task An_updated_document_is_found_by_its_new_text_only_and_a_removed_one_not_at_all()
    {
        using var index = SearchKit.Index();
        await index.UpsertManyAsync(Support, default);

        await index.UpsertAsync(SearchKit.Doc("KB-5", "Kerberos keytab rejected by the connector", "Regenerate the keytab with the service principal name.", "Identity"), default);

        Assert.Equal(Support.Length, index.Count);
        Assert.Equal("KB-5", (await index.SearchAsync("connector rejects our kerberos keytab", top: 1))[0].Document.Id);
        Assert.DoesNotContain(await index.SearchAsync("uploading a big video fails every time", top: 2), h => h.Document.Id == "KB-5");
        Assert.Equal("Kerberos keytab rejected by the connector", index.Find("KB-5")!.Title);

        Assert.True(index.Remove("KB-2"));
        Assert.False(index.Remove("KB-2"));
        Assert.Null(index.Find("KB-2"));
        Assert.Equal(Support.Length - 1, index.Count);
        Assert.DoesNotContain(await index.SearchAsync("the iPhone application quits instantly whenever I open it", top: 10), h => h.Document.Id == "KB-2");
    }

    [Fact]
    public async Task Many_replacements_compact_the_index_and_keep_every_live_document_findable()
    {
        using var index = SearchKit.Index();
        await index.UpsertManyAsync(Support, default);
        var noise = Enumerable.Range(0, 1500).Select(i => SearchKit.Doc($"N-{i % 300}", $"note {i}", "", "Notes")).ToArray();

        // 1,500 versions of 300 ids: far more vacated slots than live ones, so the index compacts on the way.
        var rounds = Enumerable.Range(0, 5).Select(round => index.UpsertManyAsync(noise.Skip(round * 300).Take(300).ToArray(), default)).ToArray();
        await Task.WhenAll(rounds);

        Assert.Equal(Support.Length + 300, index.Count);
        Assert.Equal("note 1499", index.Find("N-299")!.Title);
        Assert.Equal("KB-3", (await index.SearchAsync("we were charged the tax of our old country", top: 1))[0].Document.Id);
        Assert.Equal("N-299", (await index.SearchAsync("note 1499", top: 1))[0].Document.Id);
    }

    [Fact]
    public async Task A_filter_keeps_to_its_product_and_kinds()
    {
        using var index = SearchKit.Index();
        await index.UpsertManyAsync([.. Support, SearchKit.Doc("Q-1", "Recovery mail missing", "Resolved: allow-list the sender", "Identity", DocumentKind.ResolvedQuestion)], default);

        var billing = await index.SearchAsync("password reset email never arrives", top: 10, new SearchFilter(Product: "billing"));
        var questions = await index.SearchAsync("password reset email never arrives", top: 10, new SearchFilter(Kinds: new HashSet<DocumentKind> { DocumentKind.ResolvedQuestion }));

        Assert.Equal(["KB-3"], billing.Select(h => h.Document.Id));
        Assert.Equal(["Q-1"], questions.Select(h => h.Document.Id));
    }

    [Fact]
    public async Task A_document_is_searchable_by_its_words_before_its_vector_is_ready()
    {
        using var index = SearchKit.Index();
        var gate = new TaskCompletionSource();
        var slow = new EmbeddingModel("gated", 384, new GatedGenerator(index.Model.Generator, gate.Task));
        using var gated = new HybridIndex(new KnowledgeSearchOptions(), slow, new EmbeddingCache(null, "gated", 384));

        var embedding = gated.UpsertManyAsync(Support, default);
        var early = gated.Search("invoice shows wrong VAT rate", QueryVectors.None, top: 1);
        gate.SetResult();
        await embedding;

        Assert.False(embedding.IsFaulted);
        Assert.Equal("KB-3", early[0].Document.Id);
        Assert.True(float.IsNaN((float)early[0].Semantic));
        Assert.False(double.IsNaN((await gated.SearchAsync("invoice shows wrong VAT rate", top: 1))[0].Semantic));
    }

    [Fact]
    public async Task Searches_and_updates_from_many_threads_leave_a_consistent_index()
    {
        using var index = SearchKit.Index();
        await index.UpsertManyAsync(Support, default);
        var vectors = await index.EmbedQueryAsync("we were charged the tax of our old country", default);

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await index.UpsertAsync(SearchKit.Doc($"W-{w}-{i % 10}", $"writer {w} note {i}", "", "Notes"), default);
                if (i % 7 == 0)
                {
                    index.Remove($"W-{w}-{(i + 3) % 10}");
                }
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                Assert.Equal("KB-3", index.Search("we were charged the tax of our old country", vectors, top: 1)[0].Document.Id);
            }
        }));
        await Task.WhenAll(writers.Concat(readers));

        var expected = Support.Length + Enumerable.Range(0, 4).Sum(w => Enumerable.Range(0, 10).Count(k => index.Find($"W-{w}-{k}") is not null));
        Assert.Equal(expected, index.Count);
    }

    [Fact]
    public void A_question_is_read_whole_and_by_its_title_with_the_query_prefix_its_model_was_trained_with()
    {
        using var mini = SearchKit.Index(options: new KnowledgeSearchOptions { Model = LocalModel.MiniLM });
        using var arctic = SearchKit.Index(options: new KnowledgeSearchOptions { Model = LocalModel.ArcticXs });
        const string prefix = "Represent this sentence for searching relevant passages: ";

        Assert.Equal(["Invoice wrong. We moved in May", "Invoice wrong."], mini.QueryTexts("Invoice wrong.\n We moved in May"));
        Assert.Equal(["Invoice wrong"], mini.QueryTexts("Invoice wrong"));
        Assert.Equal([prefix + "Invoice wrong. We moved in May", prefix + "Invoice wrong."], arctic.QueryTexts("Invoice wrong.\n We moved in May"));
    }

    /// <summary>Holds every embedding until the test lets it through.</summary>
    private sealed class GatedGenerator(Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>> inner, Task gate)
        : Microsoft.Extensions.AI.DelegatingEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>(inner)
    {
        public override async Task<Microsoft.Extensions.AI.GeneratedEmbeddings<Microsoft.Extensions.AI.Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, Microsoft.Extensions.AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            await gate;
            return await base.GenerateAsync(values, options, cancellationToken);
        }
    }
}
