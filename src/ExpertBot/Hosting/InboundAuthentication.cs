namespace ExpertBot.Hosting;

internal static class InboundAuthentication
{
    public static IServiceCollection AddInboundAuthentication(this IServiceCollection services)
    {
        services.AddOptions<BotFrameworkOptions>()
            .BindConfiguration(BotFrameworkOptions.Section)
            .Validate(o => o.IsValid(), "BotFramework:OpenIdMetadataUrl and BotFramework:EntraAuthority must be absolute https URLs (http only on loopback).")
            .ValidateOnStart();
        services.AddHttpClient(ActivityAuthenticator.HttpClientName, client =>
        {
            // Key fetches happen inside a request Teams gives 15 s; a metadata document is a few KB.
            client.Timeout = TimeSpan.FromSeconds(10);
            client.MaxResponseContentBufferSize = 1024 * 1024;
        });
        services.AddSingleton<ActivityAuthenticator>();
        services.AddOptions<InboundOptions>()
            .BindConfiguration(InboundOptions.Section)
            .Validate<Microsoft.Extensions.Options.IOptions<BotOptions>>((o, bot) => InboundPolicy.Problem(o, bot.Value) is null,
                "Inbound: auth on needs MicrosoftAppTenantId or Inbound:Tenants, and only msteams among Inbound:Channels (see appsettings.template.json).")
            .ValidateOnStart();
        services.AddSingleton<InboundPolicy>();
        return services;
    }
}
