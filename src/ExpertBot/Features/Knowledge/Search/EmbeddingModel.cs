using Microsoft.Extensions.AI;

namespace ExpertBot.Features.Knowledge.Search;

/// <summary>
/// An embedding generator with what the index must know about its model: an id for the vector cache (a new model or
/// version never reuses another's vectors), the vector size, and the prefixes some retrieval-trained models expect
/// (Arctic embed marks queries; documents go in plain).
/// </summary>
internal sealed record EmbeddingModel(
    string Id, int Dimensions, IEmbeddingGenerator<string, Embedding<float>> Generator, string QueryPrefix = "", string DocumentPrefix = "")
{
    /// <summary>Longest text given to the model, in words: longer passages are cut (local models see at most 512 word pieces).</summary>
    public int MaxWords { get; init; } = 200;
}
