using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Features.Knowledge.Search;

/// <summary>How the two signals are combined. Only <see cref="Convex"/> is the product's; the others are kept for eval-search comparisons.</summary>
internal enum FusionMethod
{
    /// <summary>Weighted sum of the lexical score scaled by its best and the cosine scaled between the pool's mean and best.</summary>
    Convex,

    /// <summary>Weighted sum of the two scores' z-scores over the pool: how far each document stands out on each signal.</summary>
    ZScore,

    /// <summary>Reciprocal-rank fusion (k 60, equal weights): the usual baseline.</summary>
    Rrf,

    LexicalOnly,
    SemanticOnly,
}

/// <summary>Section "Knowledge:Search": the hybrid knowledge search. Defaults are the configuration measured in docs/knowledge-search.md.</summary>
internal sealed class KnowledgeSearchOptions
{
    public const string Section = "Knowledge:Search";

    /// <summary>Local embedding model, used unless Azure OpenAI embeddings are configured (section AzureOpenAI).</summary>
    public LocalModel Model { get; set; } = LocalModel.MiniLM;

    /// <summary>Folder of the vector cache; a relative path is under the app's content root (beside the SQLite file).</summary>
    [Required]
    public string CacheFolder { get; set; } = Path.Combine("data", "embeddings");

    public FusionMethod Fusion { get; set; } = FusionMethod.Convex;

    /// <summary>Share of the semantic score in the fused score (the rest is lexical).</summary>
    [Range(0.0, 1.0)]
    public double SemanticWeight { get; set; } = 0.65;

    /// <summary>
    /// Share of a document's semantic score that comes from its title's vector against the question's first line (the rest
    /// from its best passage against the whole question); 0 embeds no titles.
    /// </summary>
    [Range(0.0, 1.0)]
    public double TitleSimilarityWeight { get; set; } = 0.5;

    /// <summary>
    /// Compare vectors relative to the collection's mean (the question minus the mean passage, or title, vector): a small
    /// model's vectors all lean one way, so raw cosines favour documents near the mean ("hubs" close to every question).
    /// </summary>
    public bool CenterVectors { get; set; } = true;

    /// <summary>
    /// With CenterVectors: how many of the stored vectors' main directions of variance are also left out of the comparison
    /// (about one per hundred dimensions, as Mu and Viswanath advise). Only once the index holds 1,000 rows of a kind.
    /// </summary>
    [Range(0, 32)]
    public int CommonDirections { get; set; } = 4;

    /// <summary>
    /// Words reduced to their stem (Porter's steps 1 and 5: "crashes", "crashed", "crashing" are "crash") in documents
    /// and questions alike (R@5 on kb-search 0.801 with, 0.791 without); off, words as written.
    /// </summary>
    public bool Stemming { get; set; } = true;

    /// <summary>A title word counts as this many body words in the lexical score: titles say what a document is about.</summary>
    [Range(0.0, 10.0)]
    public double TitleWeight { get; set; } = 3;

    /// <summary>Words per embedded passage (title included); local models read about 256 word pieces well.</summary>
    [Range(16, 400)]
    public int PassageWords { get; set; } = 150;

    /// <summary>Passages per document at most: long bodies are embedded in parts, the best part counts.</summary>
    [Range(1, 32)]
    public int MaxPassages { get; set; } = 4;

    /// <summary>Words of a question the model reads (a long question is cut, its terms all still count lexically).</summary>
    [Range(16, 400)]
    public int QueryWords { get; set; } = 96;

    /// <summary>BM25 term-frequency saturation.</summary>
    [Range(0.0, 10.0)]
    public double K1 { get; set; } = 1.2;

    /// <summary>BM25 length normalisation.</summary>
    [Range(0.0, 1.0)]
    public double B { get; set; } = 0.75;
}
