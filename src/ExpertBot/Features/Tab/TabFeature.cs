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
        // The page: one file with its styles and script inline, plus teams-js from npm: nothing is fetched from elsewhere at run time.
        app.MapGet("/tab/ideas", () => Results.File(Path.Combine(AppContext.BaseDirectory, "tab", "ideas.html"), "text/html; charset=utf-8"));
        app.MapGet("/tab/teams-js.js", () => File.Exists(Path.Combine(AppContext.BaseDirectory, "tab", "teams-js.js"))
            ? Results.File(Path.Combine(AppContext.BaseDirectory, "tab", "teams-js.js"), "text/javascript; charset=utf-8")
            : Results.NotFound());
        // Local demo sign-in: the people one may sign in as. Only with auth off (loopback); otherwise there is no such page.
        app.MapGet("/tab/dev/users", async (TabAuth auth, ExpertDirectory directory, CancellationToken ct) => auth.DevSignIn
            ? Results.Ok((await directory.GetCandidatesAsync(ct)).OrderBy(p => p.DisplayName, StringComparer.Ordinal).Select(p => new { p.Id, Name = p.DisplayName, p.JobTitle }))
            : Results.NotFound());
        return app;
    }
}
