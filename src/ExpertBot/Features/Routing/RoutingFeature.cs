using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Routing;

/// <summary>Routing's options and expert pools (the ranker itself needs no registration; the question feature's
/// <c>QuestionRouting</c> runs it for the bot).
/// Named AddExpertRouting, not AddRouting: ASP.NET Core's own AddRouting (endpoint routing) is in scope everywhere and
/// the two calls would be ambiguous.
/// </summary>
internal static class RoutingFeature
{
    public static IServiceCollection AddExpertRouting(this IServiceCollection services)
    {
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        services.AddSingleton<ExpertPools>();
        return services;
    }
}
