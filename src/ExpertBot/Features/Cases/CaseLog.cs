using System.Collections.Frozen;
using System.Text.Json;

namespace ExpertBot.Features.Cases;

/// <summary>What the agent sees of a customer case next to a question.</summary>
internal sealed record CustomerCase(string Number, string Title, string Customer, string Product);

/// <summary>
/// The built-in case log: the demo company's open cases, looked up by number. External CRMs
/// (Dataverse, ServiceNow, Zendesk, Salesforce) answer the same lookup in a later feature.
/// </summary>
internal sealed class CaseLog(IEnumerable<CustomerCase> cases)
{
    private readonly FrozenDictionary<string, CustomerCase> _byNumber =
        cases.ToFrozenDictionary(c => c.Number, StringComparer.OrdinalIgnoreCase);

    public CustomerCase? Find(string? number) =>
        string.IsNullOrWhiteSpace(number) ? null : _byNumber.GetValueOrDefault(number.Trim());

    public static CaseLog LoadDemo(string path)
    {
        var cases = JsonSerializer.Deserialize<List<CustomerCase>>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"{path} holds no cases.");
        return new CaseLog(cases);
    }
}

internal static class CasesFeature
{
    public static IServiceCollection AddCases(this IServiceCollection services) =>
        services.AddSingleton(_ => CaseLog.LoadDemo(Path.Combine(AppContext.BaseDirectory, "demo-cases.json")));
}
