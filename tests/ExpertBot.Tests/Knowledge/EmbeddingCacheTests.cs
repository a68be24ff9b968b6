using ExpertBot.Features.Knowledge.Search;

namespace ExpertBot.Tests.Knowledge;

public sealed class EmbeddingCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("expertbot-vectors-").FullName;

    [Fact]
    public async Task A_restart_reads_every_vector_back_and_runs_the_model_for_none()
    {
        var docs = Enumerable.Range(0, 12).Select(i => SearchKit.Doc($"KB-{i}", $"Article {i} about topic {i * 7}", $"Body of article {i}.", "P")).ToArray();
        var options = new KnowledgeSearchOptions();
        long firstRun;
        long stored;
        using (var generator = new LocalEmbeddingGenerator(options.Model))
        using (var cache = new EmbeddingCache(_folder, LocalEmbeddingGenerator.ModelId(options.Model), 384))
        using (var index = new HybridIndex(options, generator.Describe(), cache))
        {
            await index.UpsertManyAsync(docs, default);
            firstRun = generator.TextsEmbedded;
            stored = cache.Count;
        }

        using var restarted = new LocalEmbeddingGenerator(options.Model);
        using var reopened = new EmbeddingCache(_folder, LocalEmbeddingGenerator.ModelId(options.Model), 384);
        using var again = new HybridIndex(options, restarted.Describe(), reopened);
        var loading = again.UpsertManyAsync(docs, default);

        Assert.True(loading.IsCompletedSuccessfully); // every vector was in the cache: nothing left to wait for
        Assert.Equal(24, firstRun); // a passage and a title per article
        Assert.Equal(firstRun, stored);
        Assert.Equal(0, restarted.TextsEmbedded);
        Assert.Equal(stored, reopened.Hits);
        Assert.Equal("KB-5", (await again.SearchAsync("Article 5 about topic 35", top: 1))[0].Document.Id);
    }

    [Fact]
    public async Task A_changed_document_is_embedded_again_and_only_it()
    {
        var options = new KnowledgeSearchOptions();
        using var generator = new LocalEmbeddingGenerator(options.Model);
        using var cache = new EmbeddingCache(_folder, LocalEmbeddingGenerator.ModelId(options.Model), 384);
        using var index = new HybridIndex(options, generator.Describe(), cache);
        await index.UpsertManyAsync([SearchKit.Doc("a", "Printer offline", "Restart the spooler."), SearchKit.Doc("b", "VPN drops", "Update the client.")], default);
        var before = generator.TextsEmbedded;

        await index.UpsertAsync(SearchKit.Doc("b", "VPN drops", "Update the client to 7.2."), default);

        Assert.Equal(before + 1, generator.TextsEmbedded); // the new body's passage; the unchanged title is cached
    }

    [Fact]
    public void A_torn_last_record_is_ignored_and_written_over()
    {
        float[] vector = [.. Enumerable.Range(0, 8).Select(i => (float)i)];
        string path;
        using (var cache = new EmbeddingCache(_folder, "m", 8))
        {
            cache.Add([(EmbeddingCache.Key("one"), vector), (EmbeddingCache.Key("two"), vector)]);
            path = cache.Path!;
        }
        using (var file = File.Open(path, FileMode.Open))
        {
            file.SetLength(file.Length - 5); // a crash in the middle of the second record
        }

        using (var reopened = new EmbeddingCache(_folder, "m", 8))
        {
            Assert.Equal(1, reopened.Count);
            Assert.True(reopened.TryGet(EmbeddingCache.Key("one"), out var back));
            Assert.Equal(vector, back);
            Assert.False(reopened.TryGet(EmbeddingCache.Key("two"), out _));
            reopened.Add([(EmbeddingCache.Key("three"), vector)]);
        }
        using var third = new EmbeddingCache(_folder, "m", 8);
        Assert.Equal(2, third.Count);
        Assert.True(third.TryGet(EmbeddingCache.Key("three"), out var three));
        Assert.Equal(vector, three);
    }

    [Fact]
    public void A_file_of_another_model_or_size_is_refused_not_misread()
    {
        using (var cache = new EmbeddingCache(_folder, "m", 8))
        {
            cache.Add([(EmbeddingCache.Key("one"), new float[8])]);
            File.Copy(cache.Path!, Path.Combine(_folder, "copy"));
        }
        File.Move(Path.Combine(_folder, "copy"), Path.Combine(_folder, "n.vectors"));

        Assert.Throws<InvalidDataException>(() => new EmbeddingCache(_folder, "n", 8));
        using var other = new EmbeddingCache(_folder, "m2", 8);
        Assert.Equal(0, other.Count);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
