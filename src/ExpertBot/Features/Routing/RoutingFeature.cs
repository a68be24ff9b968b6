using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Routing;

/// <summary>Routing for the bot: expert pools, the in-memory index kept current, and <see cref="RoutingService"/>.
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
        //HOLD services.AddSingleton<RoutingService>();
        //HOLD services.AddHostedService<RoutingWorker>();
        return services;
    }
}

