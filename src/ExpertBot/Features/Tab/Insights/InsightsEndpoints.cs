using System.Globalization;

namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// <c>GET /tab/api/insights</c> (JSON) and <c>/tab/api/insights.csv</c>, filtered by <c>pool</c> (a configured pool's
/// name) and the period <c>from</c>..<c>to</c> (yyyy-MM-dd, both days included; by default the last 12 weeks). For
/// supervisors, admins and product managers: the figures are about people's work, so everyone else is refused (403).
/// </summary>
internal static class InsightsEndpoints
{
    public const int DefaultWeeks = 12;

    public static RouteGroupBuilder MapInsights(this RouteGroupBuilder api)
    {
        api.MapGet("/insights", async (HttpContext http, InsightsQuery query, QuestionPools pools, TimeProvider time, string? pool, string? from, string? to, CancellationToken ct) =>
        {
            var (refusal, filter) = Parse(http, pools, time, pool, from, to);
            return refusal ?? Results.Ok(new { report = await query.ReportAsync(filter!, ct), pools = pools.All.Select(p => p.Name) });
        });
        api.MapGet("/insights.csv", async (HttpContext http, InsightsQuery query, QuestionPools pools, TimeProvider time, string? pool, string? from, string? to, CancellationToken ct) =>
        {
            var (refusal, filter) = Parse(http, pools, time, pool, from, to);
            if (refusal is not null)
            {
                return refusal;
            }
            var report = await query.ReportAsync(filter!, ct);
            var name = string.Create(CultureInfo.InvariantCulture, $"insights-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv");
            return Results.File(System.Text.Encoding.UTF8.GetBytes(InsightsCsv.Write(report)), "text/csv; charset=utf-8", name);
        });
        return api;
    }

    /// <summary>The filter, or the refusal: 403 for a user without the role, 400 for a filter that is not one.</summary>
    private static (IResult? Refusal, InsightsFilter? Filter) Parse(HttpContext http, QuestionPools pools, TimeProvider time, string? pool, string? from, string? to)
    {
        var user = TabEndpoints.User(http);
        if (!(user.IsSupervisor || user.IsAdmin || user.IsProductManager))
        {
            return (Error("Insights are for supervisors, admins and product managers.", StatusCodes.Status403Forbidden), null);
        }
        string? poolName = null;
        if (!string.IsNullOrWhiteSpace(pool))
        {
            if (pools.All.FirstOrDefault(p => string.Equals(p.Name, pool.Trim(), StringComparison.OrdinalIgnoreCase)) is not { } known)
            {
                return (Error($"There is no pool named \"{(pool.Length > 40 ? pool[..40] + "…" : pool)}\"; pick one of: {string.Join(", ", pools.All.Select(p => p.Name))}.", 400), null);
            }
            poolName = known.Name;
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (!TryDay(to, today, out var last) || !TryDay(from, Durations.WeekOf(time.GetUtcNow()).AddDays(-7 * (DefaultWeeks - 1)), out var first))
        {
            return (Error("Dates are yyyy-MM-dd.", 400), null);
        }
        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (end <= start)
        {
            return (Error("The period ends before it starts.", 400), null);
        }
        if (end - start > InsightsFilter.MaxSpan)
        {
            return (Error("Choose a period of at most two years.", 400), null);
        }
        return (null, new InsightsFilter(poolName, start, end));
    }

    private static bool TryDay(string? text, DateOnly fallback, out DateOnly day)
    {
        day = fallback;
        return string.IsNullOrEmpty(text) || DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    private static IResult Error(string error, int status) => Results.Json(new { error }, statusCode: status);
}
