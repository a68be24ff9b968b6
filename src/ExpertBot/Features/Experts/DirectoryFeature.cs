using Azure.Core;
using ExpertBot.CardActions;
using ExpertBot.Hosting;
using ExpertBot.Integrations.Graph;
using Microsoft.Extensions.Options;
using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Experts;

/// <summary>
/// The expert directory: people from Graph or a JSON file, their own routing settings, presence.
/// The folder is Experts, not Directory: a namespace ExpertBot.Features.Directory would hide
/// System.IO.Directory from every other feature.
/// </summary>
internal static class DirectoryFeature
{
    public static IServiceCollection AddDirectory(this IServiceCollection services)
    {
        services.AddOptions<DirectoryOptions>()
            .BindConfiguration(DirectoryOptions.Section)
            .Validate(o => o.Source != DirectorySource.Json || string.IsNullOrWhiteSpace(o.JsonPath) || File.Exists(o.JsonPath),
                "Directory:JsonPath names a file that does not exist.")
            .Validate(o => o.SettingsCacheTime >= TimeSpan.Zero && o.SettingsCacheTime <= TimeSpan.FromMinutes(1),
                "Directory:SettingsCacheTime must be between 00:00:00 and 00:01:00.")
            .Validate<IConfiguration>((o, config) => o.Source != DirectorySource.Graph || GraphClientBuilder.CredentialProblem(BotCredentials(config)) is null,
                "Directory:Source=Graph needs MicrosoftAppId plus MicrosoftAppTenantId and MicrosoftAppPassword, or MicrosoftAppType=UserAssignedMSI.")
            .ValidateOnStart();
        services.AddOptions<GraphOptions>()
            .BindConfiguration(GraphOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.BaseUrl.IsAbsoluteUri && (o.BaseUrl.Scheme == Uri.UriSchemeHttps || o.BaseUrl.IsLoopback),
                "Graph:BaseUrl must be an absolute https URL (http only on loopback, for tests).")
            .Validate(o => o.GroupIds.All(id => Guid.TryParse(id, out _)), "Graph:GroupIds must be group object ids (GUIDs).")
            .ValidateOnStart();

        // In the database for both sources: every instance sees the same people, the sync checkpoint
        // survives restarts, and experts' own settings are kept.
        services.AddSingleton<IDirectoryStore, DatabaseDirectoryStore>();
        services.AddSingleton<ExpertDirectory>();
        services.AddSingleton<SelfService>();
        services.AddSingleton<ExpertProfileCards>();
        services.AddCardVerb<SaveProfile, SaveProfileHandler>();
        services.AddSingleton(sp => new PresenceCache(
            sp.GetRequiredService<IOptions<DirectoryOptions>>().Value.Source == DirectorySource.Graph
                ? sp.GetRequiredService<GraphPresenceSource>()
                : sp.GetRequiredService<DirectoryPresenceSource>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<GraphOptions>>().Value.PresenceCacheDuration));
        services.AddSingleton<DirectoryPresenceSource>();
        // Roles given as Entra group ids: Graph knows the groups; the JSON directory has none.
        services.AddSingleton<IGroupMembership>(sp =>
            sp.GetRequiredService<IOptions<DirectoryOptions>>().Value.Source == DirectorySource.Graph
                ? ActivatorUtilities.CreateInstance<GraphGroupMembership>(sp)
                : new NoGroupMembership());

        // Graph: built only when Directory:Source=Graph asks for it (the credential is resolved lazily).
        services.AddKeyedSingleton<TokenCredential>(GraphClientBuilder.CredentialKey, (sp, _) =>
            GraphClientBuilder.CreateCredential(BotCredentials(sp.GetRequiredService<IConfiguration>())));
        services.AddSingleton(sp => GraphClientBuilder.Create(
            sp.GetRequiredKeyedService<TokenCredential>(GraphClientBuilder.CredentialKey),
            sp.GetRequiredService<IOptions<GraphOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<GraphPresenceSource>();
        services.AddSingleton<GraphDirectorySync>();
        services.AddJobHandler<DirectorySyncJob>(DirectorySyncJob.Kind, maxAttempts: 3);
        services.AddHostedService<DirectoryWorker>();
        return services;
    }

    private static BotOptions BotCredentials(IConfiguration config) => config.Get<BotOptions>() ?? new BotOptions();
}
