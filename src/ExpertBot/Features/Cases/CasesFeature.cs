using System.Text.Json;
using ExpertBot.Integrations.Crm;
using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Cases;

internal static class CasesFeature
{
    /// <summary>
    /// The case a question names (<see cref="CaseLookup"/>), and, when no CRM is configured (Crm:Provider BuiltIn), the
    /// built-in case log as the case system, seeded with the demo company's cases.
    /// </summary>
    public static IServiceCollection AddCases(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CaseOptions>().BindConfiguration(CaseOptions.Section).ValidateDataAnnotations()
            .Validate(o => IsRegex(o.NumberPattern), "Cases:NumberPattern must be a valid regular expression.")
            .ValidateOnStart();
        services.AddSingleton<CaseLookup>();
        if ((configuration.GetSection(CrmOptions.Section).Get<CrmOptions>()?.Provider ?? CrmProvider.BuiltIn) == CrmProvider.BuiltIn)
        {
            services.AddSingleton<BuiltInCaseSystem>();
            services.AddSingleton<ICaseSystem>(sp => sp.GetRequiredService<BuiltInCaseSystem>());
            services.AddHostedService<DemoCases>();
        }
        return services;
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>
/// Puts the demo company's cases (demo-cases.json next to the app) into the built-in case log at start, once: cases
/// already there, from an earlier start or entered since, are left as they are.
/// </summary>
internal sealed class DemoCases(ExpertBotDatabase database, TimeProvider time) : IHostedService
{
    private sealed record DemoCase(string Number, string Title, string Customer, string Product, string? Contact, string? Priority, decimal? AccountValue);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "demo-cases.json");
        var cases = JsonSerializer.Deserialize<List<DemoCase>>(await File.ReadAllTextAsync(path, cancellationToken), JsonSerializerOptions.Web)
            ?? throw new InvalidDataException($"{path} holds no cases.");
        await using var db = database.CreateContext();
        var now = database.Dialect.Time(time.GetUtcNow());
        foreach (var c in cases)
        {
            var number = BuiltInCaseSystem.Normal(c.Number);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "cases" ("Number", "Title", "Status", "Customer", "Contact", "Product", "Priority", "AccountValue", "CreatedAt")
                VALUES ({number}, {c.Title}, {"Open"}, {c.Customer}, {c.Contact}, {c.Product}, {c.Priority}, {c.AccountValue}, {now})
                ON CONFLICT ("Number") DO NOTHING
                """, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
