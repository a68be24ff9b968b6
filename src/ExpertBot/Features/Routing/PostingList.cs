namespace ExpertBot.Features.Routing;

/// <summary>Growable (document, term frequency) pairs in insertion order; arrays, not objects, so 200,000 questions stay compact.</summary>
internal sealed class PostingList
{
    private int[] _docs = new int[2];
    private ushort[] _frequencies = new ushort[2];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Docs => _docs.AsSpan(0, Count);

    public ReadOnlySpan<ushort> Frequencies => _frequencies.AsSpan(0, Count);

    public void Add(int doc, int frequency)
    {
        if (Count == _docs.Length)
        {
            Array.Resize(ref _docs, Count * 2);
            Array.Resize(ref _frequencies, Count * 2);
        }
        _docs[Count] = doc;
        _frequencies[Count] = (ushort)Math.Min(frequency, ushort.MaxValue);
        Count++;
    }
}
