using System.Diagnostics;
using System.Text.Json.Nodes;
using ExpertBot.Tests.Cards;
using ExpertBot.Tests.Tab;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>
/// Customer ideas end to end, through the real clients people use: the bot as <c>./start.sh</c> runs it (embedded
/// defaults: SQLite, the demo directory, auth off on loopback) with the Agents Playground in front of it, and one headless
/// Chromium (tests/e2e/ideas/flow.js) driving the Playground's web UI as Alex, an agent, and the tab as Patti, a product
/// manager. Alex raises an idea with the <c>idea</c> command, a second one by free text (the first is offered as similar;
/// he logs a new one anyway) and a third customer's (he adds the vote to the offered duplicate); Patti filters the board,
/// opens the duplicate, merges it into the first and plans the survivor with a response; Alex's chat then shows both 1:1
/// notes, worded for his customers, and his own items in the tab show the decision. Assertions are on what the people see (card text in the Playground, board rows in the
/// tab). Screenshots: artifacts/screenshots/ideas-e2e/.
/// </summary>
public sealed class IdeasPlaygroundTests
{
    private const string Patti = "1a000000-0000-4000-8000-000000000004"; // Principal Product Manager in the demo directory

    [PlaygroundBrowserFact]
    public async Task An_agent_raises_ideas_in_the_playground_a_product_manager_merges_and_plans_them_in_the_tab_and_the_agent_is_told()
    {
        var port = Ports.Free();
        var data = Directory.CreateTempSubdirectory("expertbot-ideas-e2e-").FullName;
        var botUrl = $"http://127.0.0.1:{port}";
        try
        {
            // As start.sh runs it, plus a fresh database and a product manager (the shipped settings name none).
            await using var bot = new ChildProcess(new ProcessStartInfo("dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "ExpertBot.dll"), "--urls", botUrl, "--Storage:SqlitePath", Path.Combine(data, "expertbot.db"),
                "--Knowledge:Search:CacheFolder", Path.Combine(data, "embeddings"), "--Roles:ProductManagers:0", Patti,
            ]) { WorkingDirectory = AppContext.BaseDirectory }, "Application started");
            await bot.ReadyAsync();
            await using var playground = await Playground.StartAsync(new Uri($"{botUrl}/api/messages"));

            var run = CardRepo.RunNode(Path.Combine("..", "ideas", "flow.js"), new JsonObject(), playground.Url.ToString(), botUrl, Patti,
                Path.Combine(CardRepo.Root, "artifacts", "screenshots", "ideas-e2e"), Contoso.Alex.AadObjectId);
            Assert.True(run["failed"] is null, $"The flow stopped at '{run["failed"]?["step"]}': {run["failed"]?["error"]}\n"
                + $"The page showed:\n{run["failed"]?["page"]}\nSeen so far: {run["steps"]?.ToJsonString()}\nBot log:\n{Tail(bot.Output)}");
            var seen = run["steps"]!;
            string Seen(string step) => seen[step]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"Nothing seen for '{step}'");
            string[] Rows(string step) => [.. seen[step]!.AsArray().Select(r => r!.GetValue<string>())];

            // The idea command's form, filled in with the text; nothing similar yet, so it is logged at once.
            Assert.Equal("Export the monthly usage report as PDF", Seen("commandFormTitle"));
            Assert.StartsWith("Logged as IDEA-1.", Seen("firstLogged"), StringComparison.Ordinal);
            Assert.Contains("Customers 1 (importance score 3)", Seen("firstLogged"), StringComparison.Ordinal); // critical
            Assert.Contains("Fabrikam: critical", Seen("firstLogged"), StringComparison.Ordinal);

            // Free text reads as an idea: the form, and before logging, the first idea offered as similar.
            Assert.Contains("This sounds like a customer's feature idea", Seen("freeTextForm"), StringComparison.Ordinal);
            Assert.Equal("Download the usage report in PDF format every month", Seen("freeTextFormTitle")); // what to build, not who asked
            Assert.Contains("Is it one of these?", Seen("similarOffered"), StringComparison.Ordinal);
            Assert.Contains("IDEA-1: Export the monthly usage report as PDF New, 1 customer, 1 agent; very similar", Seen("similarOffered"), StringComparison.Ordinal);
            Assert.StartsWith("Logged as IDEA-2.", Seen("secondLogged"), StringComparison.Ordinal);

            // The third customer's request: both offered, the vote lands on the duplicate (now two customers).
            Assert.Contains("IDEA-1:", Seen("similarForVote"), StringComparison.Ordinal);
            Assert.Contains("IDEA-2:", Seen("similarForVote"), StringComparison.Ordinal);
            Assert.StartsWith("Your customer's vote is on IDEA-2.", Seen("voted"), StringComparison.Ordinal);
            Assert.Contains("Customers 2 (importance score 3)", Seen("voted"), StringComparison.Ordinal); // important + nice-to-have
            Assert.Contains("Tailspin Toys: important Northwind Traders: nice-to-have", Seen("voted"), StringComparison.Ordinal);

            // The board as the product manager sees it: filtered to New, most customers first.
            Assert.Equal("Signed in as Patti Fernandez (product manager)", Seen("signedInAs"));
            var filtered = Rows("filtered");
            Assert.Equal(2, filtered.Length);
            Assert.Equal("IDEA-2: Download the usage report in PDF format every month New nobody yet 1 2 3 not known", filtered[0]);
            Assert.Matches(@"^IDEA-1: Export the monthly usage report as PDF New nobody yet 1 1 3 not known$", filtered[1]);
            Assert.Contains("Similar ideas IDEA-1: Export the monthly usage report as PDF", Seen("duplicatePage"), StringComparison.Ordinal);
            Assert.Equal("Merged into IDEA-1; its agents are told.", Seen("mergeNotice"));
            Assert.StartsWith("Saved;", Seen("saveNotice"), StringComparison.Ordinal);
            // The survivor holds every customer once, each with the importance given.
            Assert.Contains("Customers Fabrikam (critical) Tailspin Toys (important) Northwind Traders (nice-to-have)", Seen("survivorPage"), StringComparison.Ordinal);
            // Any open status: only the survivor, planned, owned by the PM who decided, with all three customers.
            Assert.Equal("IDEA-1: Export the monthly usage report as PDF Planned Patti Fernandez 1 3 6 not known", Assert.Single(Rows("boardAfter")));
            Assert.Matches(@"^IDEA-2: .* Merged ", Assert.Single(Rows("mergedRows")));

            // Back in the Playground: Alex is told of the merge and of the decision, once each, in words for his customers.
            var notes = Rows("notes");
            Assert.Equal(2, notes.Length);
            var merged = Seen("mergeNote");
            Assert.StartsWith("IDEA-2 was merged into IDEA-1", merged, StringComparison.Ordinal);
            Assert.Contains("Your customer's vote moved with it.", merged, StringComparison.Ordinal);
            Assert.Contains("What you can tell your customer", merged, StringComparison.Ordinal);
            var planned = Seen("statusNote");
            Assert.Contains("IDEA-1: Export the monthly usage report as PDF Status Planned Customers 3", planned, StringComparison.Ordinal);
            Assert.Contains("Response from product management Planned for the March release: usage reports will export to PDF from the Reports page.",
                planned, StringComparison.Ordinal);
            // The sentence to pass on carries the response itself.
            Assert.Contains("What you can tell your customer Good news: your request is planned. From our product team: Planned for the March release: "
                + "usage reports will export to PDF from the Reports page.", planned, StringComparison.Ordinal);

            // Alex's own items in the tab: the surviving idea once (the duplicate's vote moved into it), as decided.
            Assert.Equal("Signed in as Alex Wilber", Seen("agentSignedInAs"));
            Assert.Equal("IDEA-1: Export the monthly usage report as PDF (Planned; Planned for the March release: usage reports will export to PDF from the Reports page.)",
                Assert.Single(Rows("myIdeas")));
            Assert.Empty(seen["pageErrors"]!.AsArray());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static string Tail(string text, int chars = 6000) => text[Math.Max(0, text.Length - chars)..];
}

/// <summary>Runs when the Agents Playground, Chromium and the npm clients are installed (./test.sh); always under CI.</summary>
internal sealed class PlaygroundBrowserFactAttribute : FactAttribute
{
    public PlaygroundBrowserFactAttribute()
    {
        if (!Playground.Installed && !SharedFolder.MustRun)
        {
            Skip = "Agents Playground not installed (run ./test.sh, which installs it)";
        }
        else if (new BrowserFactAttribute().Skip is { } skip)
        {
            Skip = skip;
        }
    }
}
