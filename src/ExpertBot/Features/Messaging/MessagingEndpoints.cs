using ExpertBot.Features.Conversation;
using ExpertBot.Hosting;
using ExpertBot.Protocol.Activities;
using ExpertBot.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Messaging;

internal static class MessagingEndpoints
{
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddJobHandler<TurnJobHandler>(TurnJobHandler.Kind);
        services.AddBotConnector();
        return services;
    }

    public static IEndpointRouteBuilder MapMessaging(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", ReceiveAsync);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpRequest request, IOptions<BotOptions> options, ActivityAuthenticator auth, InboundPolicy policy, JobQueue jobs, InvokeHandler invokes,
        ILogger<TurnJobHandler> logger, CancellationToken ct)
    {
        var limit = options.Value.MaxActivityBytes;
        if (request.ContentLength > limit)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        using var body = await BodyReader.ReadAsync(request.Body, request.ContentLength, limit, ct);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        if (!ProtocolJson.TryParse(body.Memory, out var activity, out var error))
        {
            Log.Rejected(logger, error ?? "invalid");
            return Results.BadRequest(new { error });
        }
        if (await auth.RefuseAsync(request, activity!, ct) is { } refused)
        {
            return refused;
        }
        // Types the bot never acts on (typing, reactions, installation updates, types added to the protocol later) are
        // acknowledged and dropped: storing them as turns would only be work and rows.
        if (!ActivityShape.IsActedOn(activity!))
        {
            return Results.Ok();
        }
        if (ActivityShape.Problem(activity!) is { } problem)
        {
            Log.Rejected(logger, problem);
            return Results.BadRequest(new { error = problem });
        }
        if (policy.Refuse(activity!.ChannelId, activity.TenantId) is { } outside)
        {
            Log.Rejected(logger, outside);
            return Results.Json(new { error = outside }, statusCode: StatusCodes.Status403Forbidden);
        }
        // Invokes are answered in this response (Teams waits for the body) and are idempotent, so
        // they skip the queue and the redelivery check.
        if (activity!.Type == ActivityTypes.Invoke)
        {
            var response = await invokes.HandleAsync(activity, ct);
            return response.Body is null ? Results.StatusCode(response.Status) : Results.Json(response.Body, ProtocolJson.Options, statusCode: response.Status);
        }
        // Stored before the 200: an acknowledged turn survives a crash, and Teams' redelivery of an activity not
        // acknowledged in 15 s (same dedup key) is stored, and so run, once, across restarts too. A database failure
        // throws, the request answers 5xx, and Teams delivers again.
        if (!await jobs.EnqueueAsync(TurnJobHandler.For(activity, System.Text.Encoding.UTF8.GetString(body.Memory.Span)), ct))
        {
            Log.Duplicate(logger, activity.Id);
        }
        return Results.Ok();
    }
}
