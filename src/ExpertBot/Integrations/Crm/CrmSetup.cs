using ExpertBot.Integrations.Crm.Dynamics;
using ExpertBot.Integrations.Crm.Salesforce;
using ExpertBot.Integrations.Crm.ServiceNow;
using ExpertBot.Integrations.Crm.Webhook;
using ExpertBot.Integrations.Crm.Zendesk;
using Microsoft.Extensions.Options;

namespace ExpertBot.Integrations.Crm;

/// <summary>
/// Registers the connector <c>Crm:Provider</c> names as <see cref="ICaseSystem"/>, with its options bound and validated at
/// start. Only the chosen connector is registered and validated: the others' sections may stay empty.
/// </summary>
internal static class CrmSetup
{
    public static IServiceCollection AddCrmConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CrmOptions>().BindConfiguration(CrmOptions.Section).ValidateOnStart();
        var provider = configuration.GetSection(CrmOptions.Section).Get<CrmOptions>()?.Provider ?? CrmProvider.BuiltIn;
        switch (provider)
        {
            case CrmProvider.Dynamics:
                AddDynamics(services);
                break;
            case CrmProvider.ServiceNow:
                AddServiceNow(services);
                break;
            case CrmProvider.Zendesk:
                AddZendesk(services);
                break;
            case CrmProvider.Salesforce:
                AddSalesforce(services);
                break;
            case CrmProvider.Webhook:
                AddWebhook(services);
                break;
            case CrmProvider.BuiltIn:
                // ExpertBot's own case log and knowledge base register their ICaseSystem with the Cases feature.
                break;
        }
        return services;
    }

    private static OptionsBuilder<T> AddConnectorOptions<T>(IServiceCollection services, string section)
        where T : CrmConnectionOptions =>
        services.AddOptions<T>()
            .BindConfiguration(section)
            .ValidateDataAnnotations()
            .Validate(o => o.TotalTimeout >= o.AttemptTimeout, $"{section}:TotalTimeout must be at least AttemptTimeout.");

    private static void AddDynamics(IServiceCollection services)
    {
        AddConnectorOptions<DynamicsOptions>(services, DynamicsOptions.Section)
            .Validate(o => CrmUrls.IsSecure(o.EnvironmentUrl), "Crm:Dynamics:EnvironmentUrl must be an absolute https URL (http only on loopback, for tests).")
            .Validate(o => o.AuthorityHost.IsAbsoluteUri && o.AuthorityHost.Scheme == Uri.UriSchemeHttps, "Crm:Dynamics:AuthorityHost must be an https URL.")
            .ValidateOnStart();
        services.AddHttpClient(DynamicsCredential.LoginClient);
        services.AddSingleton<DynamicsCredential>();
        services.AddHttpClient<DynamicsCaseSystem>((sp, http) =>
            {
                http.BaseAddress = CrmUrls.Root(sp.GetRequiredService<IOptions<DynamicsOptions>>().Value.EnvironmentUrl!);
                http.DefaultRequestHeaders.Add("OData-MaxVersion", "4.0");
                http.DefaultRequestHeaders.Add("OData-Version", "4.0");
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            })
            .AddCrmResilience<DynamicsOptions>("crm-dynamics")
            .AddHttpMessageHandler(sp => new CrmAuthHandler(sp.GetRequiredService<DynamicsCredential>()));
        services.AddTransient<ICaseSystem>(sp => sp.GetRequiredService<DynamicsCaseSystem>());
    }

    private static void AddServiceNow(IServiceCollection services)
    {
        AddConnectorOptions<ServiceNowOptions>(services, ServiceNowOptions.Section)
            .Validate(o => CrmUrls.IsSecure(o.InstanceUrl), "Crm:ServiceNow:InstanceUrl must be an absolute https URL (http only on loopback, for tests).")
            .Validate(o => o.Auth != ServiceNowAuth.Basic || (o.Username.Length > 0 && o.Password.Length > 0), "Crm:ServiceNow with Auth=Basic needs Username and Password.")
            .Validate(o => o.Auth != ServiceNowAuth.OAuth || (o.ClientId.Length > 0 && o.ClientSecret.Length > 0), "Crm:ServiceNow with Auth=OAuth needs ClientId and ClientSecret.")
            .ValidateOnStart();
        services.AddHttpClient(ServiceNowLoginClient);
        services.AddKeyedSingleton<CrmCredential>(CrmProvider.ServiceNow, (sp, _) =>
        {
            var o = sp.GetRequiredService<IOptions<ServiceNowOptions>>().Value;
            return o.Auth == ServiceNowAuth.Basic
                ? new BasicCredential(o.Username, o.Password)
                : new OAuthClientCredentials(sp.GetRequiredService<IHttpClientFactory>(), ServiceNowLoginClient, ServiceNowCaseSystem.Name,
                    new Uri(CrmUrls.Root(o.InstanceUrl!), "oauth_token.do"), o.ClientId, o.ClientSecret, sp.GetRequiredService<TimeProvider>());
        });
        services.AddHttpClient<ServiceNowCaseSystem>((sp, http) =>
            {
                http.BaseAddress = CrmUrls.Root(sp.GetRequiredService<IOptions<ServiceNowOptions>>().Value.InstanceUrl!);
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            })
            .AddCrmResilience<ServiceNowOptions>("crm-servicenow")
            .AddHttpMessageHandler(sp => new CrmAuthHandler(sp.GetRequiredKeyedService<CrmCredential>(CrmProvider.ServiceNow)));
        services.AddTransient<ICaseSystem>(sp => sp.GetRequiredService<ServiceNowCaseSystem>());
    }

    private static void AddZendesk(IServiceCollection services)
    {
        AddConnectorOptions<ZendeskOptions>(services, ZendeskOptions.Section)
            .Validate(o => CrmUrls.IsSecure(o.BaseUrl), "Crm:Zendesk:BaseUrl must be an absolute https URL (http only on loopback, for tests).")
            .Validate(o => o.ArticleSectionId is null || o.PermissionGroupId is not null, "Crm:Zendesk:ArticleSectionId needs PermissionGroupId.")
            .ValidateOnStart();
        services.AddHttpClient<ZendeskCaseSystem>((sp, http) =>
            {
                http.BaseAddress = CrmUrls.Root(sp.GetRequiredService<IOptions<ZendeskOptions>>().Value.BaseUrl!);
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            })
            .AddCrmResilience<ZendeskOptions>("crm-zendesk")
            .AddHttpMessageHandler(sp =>
            {
                // API token authentication: basic auth as "{email}/token" with the token as the password.
                var o = sp.GetRequiredService<IOptions<ZendeskOptions>>().Value;
                return new CrmAuthHandler(new BasicCredential($"{o.Email}/token", o.ApiToken));
            });
        services.AddTransient<ICaseSystem>(sp => sp.GetRequiredService<ZendeskCaseSystem>());
    }

    private static void AddSalesforce(IServiceCollection services)
    {
        AddConnectorOptions<SalesforceOptions>(services, SalesforceOptions.Section)
            .Validate(o => CrmUrls.IsSecure(o.InstanceUrl), "Crm:Salesforce:InstanceUrl must be an absolute https URL (http only on loopback, for tests).")
            .Validate(o => o.TokenUrl is null || CrmUrls.IsSecure(o.TokenUrl), "Crm:Salesforce:TokenUrl must be an absolute https URL.")
            .ValidateOnStart();
        services.AddHttpClient(SalesforceLoginClient);
        services.AddKeyedSingleton<CrmCredential>(CrmProvider.Salesforce, (sp, _) =>
        {
            var o = sp.GetRequiredService<IOptions<SalesforceOptions>>().Value;
            return new OAuthClientCredentials(sp.GetRequiredService<IHttpClientFactory>(), SalesforceLoginClient, SalesforceCaseSystem.Name,
                o.TokenUrl ?? new Uri(CrmUrls.Root(o.InstanceUrl!), "services/oauth2/token"), o.ClientId, o.ClientSecret, sp.GetRequiredService<TimeProvider>());
        });
        services.AddHttpClient<SalesforceCaseSystem>((sp, http) =>
            {
                http.BaseAddress = CrmUrls.Root(sp.GetRequiredService<IOptions<SalesforceOptions>>().Value.InstanceUrl!);
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            })
            .AddCrmResilience<SalesforceOptions>("crm-salesforce")
            .AddHttpMessageHandler(sp => new CrmAuthHandler(sp.GetRequiredKeyedService<CrmCredential>(CrmProvider.Salesforce)));
        services.AddTransient<ICaseSystem>(sp => sp.GetRequiredService<SalesforceCaseSystem>());
    }

    private static void AddWebhook(IServiceCollection services)
    {
        AddConnectorOptions<WebhookOptions>(services, WebhookOptions.Section)
            .Validate(o => CrmUrls.IsSecure(o.Url), "Crm:Webhook:Url must be an absolute https URL (http only on loopback, for tests).")
            .ValidateOnStart();
        // No credential handler: the signature is the receiver's proof of origin.
        services.AddHttpClient<WebhookCaseSystem>().AddCrmResilience<WebhookOptions>("crm-webhook");
        services.AddTransient<ICaseSystem>(sp => sp.GetRequiredService<WebhookCaseSystem>());
    }

    /// <summary>The named HttpClient of Salesforce's token endpoint.</summary>
    public const string SalesforceLoginClient = "ExpertBot.Crm.Salesforce.Login";

    /// <summary>The named HttpClient of ServiceNow's token endpoint.</summary>
    public const string ServiceNowLoginClient = "ExpertBot.Crm.ServiceNow.Login";
}
