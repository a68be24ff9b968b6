namespace ExpertBot.Features.Routing;

/// <summary>
/// Per-thread work arrays for one ranking, sized to the index and reset through "touched" lists, so a ranking
/// over 200,000 questions and 100,000 experts allocates almost nothing.
/// </summary>
internal sealed class RankingScratch
{
    [ThreadStatic]
    private static RankingScratch? _current;

    public float[] DocScore = [];

    public double[] Evidence = [];
    public double[] TagScore = [];
    public double[] TextScore = [];
    public int[] Similar = [];
    public int[] SimilarAccepted = [];
    public int[] SimilarRecent = [];
    public int[] BestTag = [];
    public double[] BestTagValue = [];
    public bool[] Touched = [];
    public int[] TouchedExperts = [];
    public int TouchedExpertCount;

    public static RankingScratch For(int docs, int experts)
    {
        var scratch = _current ??= new RankingScratch();
        if (scratch.DocScore.Length < docs)
        {
            var size = Math.Max(docs, scratch.DocScore.Length * 2);
            scratch.DocScore = new float[size];
        }
        if (scratch.Evidence.Length < experts)
        {
            var size = Math.Max(experts, scratch.Evidence.Length * 2);
            scratch.Evidence = new double[size];
            scratch.TagScore = new double[size];
            scratch.TextScore = new double[size];
            scratch.Similar = new int[size];
            scratch.SimilarAccepted = new int[size];
            scratch.SimilarRecent = new int[size];
            scratch.BestTag = new int[size];
            scratch.BestTagValue = new double[size];
            scratch.Touched = new bool[size];
            scratch.TouchedExperts = new int[size];
        }
        return scratch;
    }

    public void Touch(int expert)
    {
        if (!Touched[expert])
        {
            Touched[expert] = true;
            BestTag[expert] = -1;
            TouchedExperts[TouchedExpertCount++] = expert;
        }
    }

    public void ResetExperts()
    {
        for (var i = 0; i < TouchedExpertCount; i++)
        {
            var e = TouchedExperts[i];
            Touched[e] = false;
            Evidence[e] = TagScore[e] = TextScore[e] = BestTagValue[e] = 0;
            Similar[e] = SimilarAccepted[e] = SimilarRecent[e] = 0;
            BestTag[e] = -1;
        }
        TouchedExpertCount = 0;
    }
}
