using ExpertBot.Features.Experts;
using ExpertBot.Features.Questions;
using ExpertBot.Hosting;
using ExpertBot.Protocol.Auth;
using ExpertBot.Teams;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Tab;

/// <summary>Who uses the tab, and what they may see and do there (decided on the server for every request).</summary>
internal sealed record TabUser(string Id, string Name, string? TenantId, bool IsProductManager, bool IsSupervisor, bool IsAdmin)
{
    /// <summary>The user as the idea and question services know an actor (no chat: the tab is not a conversation).</summary>
    public Actor Actor => new(Id, Name, new ConversationRef("", "msteams", "", TenantId, null));

    public bool SeesAllIdeas => IsProductManager || IsSupervisor || IsAdmin;
}

/// <summary>
/// Signs tab requests in. In Teams, the page sends the SSO token it got from <c>authentication.getAuthToken</c>; it is
/// validated against the tenant's Entra keys (<see cref="UserTokenValidator"/>). With auth off (no MicrosoftAppId, which
/// the security guard allows on loopback only) the local demo signs in as any directory person by their id in the
/// <see cref="DevUserHeader"/> header.
/// </summary>
internal sealed partial class TabAuth
{
    public const string DevUserHeader = "X-ExpertBot-User";
    public const string HttpClientName = "Tab.OpenId";

    private readonly UserTokenValidator? _validator;
    private readonly string? _problem;
    private readonly AppRoles _roles;
    private readonly IOptions<QuestionOptions> _questions;
    private readonly ExpertDirectory _directory;
    private readonly ILogger<TabAuth> _logger;

    public TabAuth(IOptions<BotOptions> bot, IOptions<BotFrameworkOptions> keys, IConfiguration configuration, AppRoles roles, IOptions<QuestionOptions> questions,
        ExpertDirectory directory, IHttpClientFactory httpClients, TimeProvider time, ILogger<TabAuth> logger)
    {
        (_roles, _questions, _directory, _logger) = (roles, questions, directory, logger);
        DevSignIn = !bot.Value.AuthEnabled;
        if (bot.Value.AuthEnabled)
        {
            var appId = bot.Value.MicrosoftAppId!;
            if (string.IsNullOrWhiteSpace(bot.Value.MicrosoftAppTenantId))
            {
                _problem = "Tab sign-in needs MicrosoftAppTenantId (the tenant whose Entra tokens the tab accepts).";
                return;
            }
            // The tab's SSO resource (manifest webApplicationInfo): api://{domain}/{app id}; the app id itself too.
            var domain = configuration["TeamsApp:Domain"];
            IReadOnlyList<string> audiences = string.IsNullOrWhiteSpace(domain) ? [appId] : [appId, $"api://{domain.Trim()}/{appId}"];
            _validator = new UserTokenValidator(bot.Value.MicrosoftAppTenantId, audiences, new Uri(keys.Value.EntraAuthority),
                () => httpClients.CreateClient(HttpClientName), time);
        }
    }

    /// <summary>True in the local demo: anyone in the directory may sign in by id.</summary>
    public bool DevSignIn { get; }

    /// <summary>The user, or the response refusing the request (401; 503 when the keys cannot be read).</summary>
    public async Task<(TabUser? User, IResult? Refusal)> SignInAsync(HttpRequest request, CancellationToken ct)
    {
        if (DevSignIn)
        {
            var id = request.Headers[DevUserHeader].ToString().Trim();
            return id.Length > 0 && await _directory.FindAsync(id, ct) is { } person
                ? (await WithAsync(person.Id, person.DisplayName, null, null, ct), null)
                : (null, Unauthorized("Sign in as someone of the directory first."));
        }
        if (_validator is null)
        {
            return (null, Results.Json(new { error = _problem }, statusCode: StatusCodes.Status503ServiceUnavailable));
        }
        var result = await _validator.ValidateAsync(request.Headers.Authorization.ToString(), ct);
        if (result.User is { } user)
        {
            return (await WithAsync(user.ObjectId, user.Name, user.TenantId, user.Groups, ct), null);
        }
        LogRefused(_logger, result.Reason ?? "unknown");
        return result.Unavailable
            ? (null, Results.Json(new { error = "Sign-in is temporarily unavailable." }, statusCode: StatusCodes.Status503ServiceUnavailable))
            : (null, Unauthorized("Your sign-in was not accepted. Reopen the tab in Teams."));
    }

    /// <param name="groups">The token's groups claim; without one, groups are looked up in the directory (Graph).</param>
    private async Task<TabUser> WithAsync(string id, string name, string? tenant, IReadOnlyList<string>? groups, CancellationToken ct)
    {
        var held = await _roles.HoldsEachAsync(id, groups, ct, _roles.ProductManagers, _questions.Value.Supervisors, _roles.Admins);
        return new(id, name, tenant, IsProductManager: held[0], IsSupervisor: held[1], IsAdmin: held[2]);
    }

    private static IResult Unauthorized(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status401Unauthorized);

    [LoggerMessage(EventId = 850, Level = LogLevel.Information, Message = "A tab request was refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
