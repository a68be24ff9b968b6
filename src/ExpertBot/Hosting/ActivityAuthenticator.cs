using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Auth;
using Microsoft.Extensions.Options;

namespace ExpertBot.Hosting;

/// <summary>
/// The authentication step of POST /api/messages. With an app id configured every activity must carry
/// a valid Bot Connector or Entra token; without one auth is off, which <see cref="BotSecurityGuard"/>
/// allows on loopback only. It runs after parsing (the serviceurl and endorsement rules need the
/// activity) and before anything acts on the activity.
/// </summary>
internal sealed partial class ActivityAuthenticator
{
    public const string HttpClientName = "BotFramework.OpenId";

    private readonly BotTokenValidator? _validator;
    private readonly ILogger<ActivityAuthenticator> _logger;

    public ActivityAuthenticator(
        IOptions<BotOptions> bot, IOptions<BotFrameworkOptions> keys, IHttpClientFactory httpClients, TimeProvider time,
        ILogger<ActivityAuthenticator> logger)
    {
        _logger = logger;
        if (bot.Value.AuthEnabled)
        {
            var settings = new BotAuthSettings(
                bot.Value.MicrosoftAppId!,
                string.IsNullOrWhiteSpace(bot.Value.MicrosoftAppTenantId) ? null : bot.Value.MicrosoftAppTenantId,
                new Uri(keys.Value.OpenIdMetadataUrl),
                new Uri(keys.Value.EntraAuthority));
            _validator = new BotTokenValidator(settings, () => httpClients.CreateClient(HttpClientName), time);
        }
    }

    /// <summary>Null when the request may proceed; otherwise the response to send (401, or 503 when keys are unreachable).</summary>
    public async Task<IResult?> RefuseAsync(HttpRequest request, Activity activity, CancellationToken ct)
    {
        if (_validator is null)
        {
            return null;
        }
        var result = await _validator.ValidateAsync(request.Headers.Authorization.ToString(), activity.ChannelId, activity.ServiceUrl, ct);
        switch (result.Outcome)
        {
            case BotAuthOutcome.Authenticated:
                return null;
            case BotAuthOutcome.Unavailable:
                LogUnavailable(_logger, result.Reason);
                return Results.Json(new { error = "Authentication is temporarily unavailable." }, statusCode: StatusCodes.Status503ServiceUnavailable);
            default:
                // The caller learns nothing about which rule failed; the log does.
                LogRefused(_logger, activity.Id, result.Reason);
                request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Json(new { error = "Unauthorized." }, statusCode: StatusCodes.Status401Unauthorized);
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Inbound activity {ActivityId} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string? activityId, string? reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Inbound token signing keys unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string? reason);
}
