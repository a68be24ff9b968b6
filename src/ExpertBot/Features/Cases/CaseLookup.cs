using System.Text.RegularExpressions;
using ExpertBot.Integrations.Crm;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Cases;

/// <summary>
/// The case a question names, read from the case system for context (its product routes the question; its customer and
/// title show on the cards). A question never waits long for it or fails because of it: a slow or failing CRM gives no
/// context, and the question goes on.
/// </summary>
internal sealed partial class CaseLookup(ICaseSystem cases, IOptions<CaseOptions> options, ILogger<CaseLookup> logger)
{
    private readonly Regex _number = new(options.Value.NumberPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>The first case number written in <paramref name="text"/>, as the case system spells numbers.</summary>
    public string? NumberIn(string? text) => text is null ? null : _number.Match(text) is { Success: true } m ? m.Value.ToUpperInvariant() : null;

    public async Task<CrmCase?> FindAsync(string? number, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(number) || !cases.Features.HasFlag(CaseSystemFeatures.ReadCases))
        {
            return null;
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.Value.LookupTimeout);
        try
        {
            return await cases.FindCaseAsync(number, limit.Token);
        }
        catch (Exception ex) when (ex is CrmException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            LogLookupFailed(logger, number, cases.DisplayName, ex.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Case {Number} could not be read from {System} for context; the question goes on without it: {Reason}")]
    private static partial void LogLookupFailed(ILogger logger, string number, string system, string reason);
}

/// <summary>Section "Cases": how questions name cases, and how long a question waits to read one.</summary>
internal sealed class CaseOptions
{
    public const string Section = "Cases";

    /// <summary>
    /// A case number in a question's text (a .NET regular expression). Default: the built-in case log's and Dynamics 365's
    /// CAS-12345; ServiceNow's is CS\d{7}, Salesforce's \d{8}.
    /// </summary>
    public string NumberPattern { get; set; } = @"\bCAS-\d{3,10}\b";

    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
