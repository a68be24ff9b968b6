using ExpertBot.Features.Experts;
using ExpertBot.Features.Tab.Admin;
using ExpertBot.Features.Tab.Insights;

namespace ExpertBot.Features.Tab;

internal static class TabFeature
{
    /// <summary>The ExpertBot tab: sign-in, the ideas board, my items, insights and admin; the page and its API.</summary>
    public static IServiceCollection AddTab(this IServiceCollection services)
    {
        services.AddHttpClient(TabAuth.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(10);
            client.MaxResponseContentBufferSize = 1024 * 1024;
        });
        services.AddSingleton<TabAuth>();
        services.AddSingleton<IdeaBoard>();
        services.AddSingleton<QuestionPools>();
        services.AddSingleton<InsightsQuery>();
        services.AddSingleton<AdminStatus>();
        services.AddSingleton<JobRetry>();
        return services;
    }

    public static IEndpointRouteBuilder MapTab(this IEndpointRouteBuilder app)
    {
        app.MapTabApi();
        // The page: one file with its styles and script inline, its views' script, and teams-js and Chart.js from npm: nothing is fetched from elsewhere at run time.
        // One page, four ways in (each a static tab in the manifest): the board, my items, insights and admin open the same page at their view.
        foreach (var view in new[] { "/tab/ideas", "/tab/my", "/tab/insights", "/tab/admin" })
        {
            app.MapGet(view, () => Results.File(Path.Combine(AppContext.BaseDirectory, "tab", "ideas.html"), "text/html; charset=utf-8"));
        }
        // Its scripts: teams-js and Chart.js from npm, the insights and admin views; a fixed list, never a path from the request.
        foreach (var script in new[] { "teams-js.js", "chart.js", "tab-views.js" })
        {
            var file = Path.Combine(AppContext.BaseDirectory, "tab", script);
            app.MapGet("/tab/" + script, () => File.Exists(file) ? Results.File(file, "text/javascript; charset=utf-8") : Results.NotFound());
        }
        // Local demo sign-in: the people one may sign in as. Only with auth off (loopback); otherwise there is no such page.
        app.MapGet("/tab/dev/users", async (TabAuth auth, ExpertDirectory directory, CancellationToken ct) => auth.DevSignIn
            ? Results.Ok((await directory.GetCandidatesAsync(ct)).OrderBy(p => p.DisplayName, StringComparer.Ordinal).Select(p => new { p.Id, Name = p.DisplayName, p.JobTitle }))
            : Results.NotFound());
        return app;
    }
}
