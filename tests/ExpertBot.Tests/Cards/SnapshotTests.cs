using System.Text.Json;

namespace ExpertBot.Tests.Cards;

/// <summary>
/// What users see, reviewed: each card bound to its sample data is committed under snapshots/. A change fails here
/// with the first difference; after reviewing it, run the tests with UPDATE_SNAPSHOTS=1 and commit the snapshots.
/// </summary>
public sealed class SnapshotTests
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static TheoryData<string> Cards() => new(CardRepo.CardNames());

    [Theory]
    [MemberData(nameof(Cards))]
    public void Bound_card_matches_its_snapshot(string card)
    {
        var actual = BoundCards.Get(card).ToJsonString(Indented) + "\n";
        var path = Path.Combine(CardRepo.Snapshots, card + ".json");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(CardRepo.Snapshots);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"No snapshot for {card}. Run the tests with UPDATE_SNAPSHOTS=1 to write {path}, review and commit it.");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            var line = Enumerable.Range(0, Math.Max(e.Length, a.Length)).First(i => i >= e.Length || i >= a.Length || e[i] != a[i]);
            Assert.Fail($"{card} differs from its snapshot at line {line + 1}:\n- {(line < e.Length ? e[line] : "<end>")}\n+ {(line < a.Length ? a[line] : "<end>")}\n" +
                "If the change is intended, run the tests with UPDATE_SNAPSHOTS=1 and commit tests/ExpertBot.Tests/Cards/snapshots/.");
        }
    }
}
