using ExpertBot.Integrations.Crm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>Crm:Provider picks one connector, whose section is validated at start; the others' sections may stay empty.</summary>
public sealed class CrmSetupTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddCrmConnectors(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void BuiltIn_is_the_default_and_registers_no_external_connector()
    {
        using var services = Build([]);

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(CrmProvider.BuiltIn, services.GetRequiredService<IOptions<CrmOptions>>().Value.Provider);
        Assert.Null(services.GetService<ICaseSystem>());
    }

    [Theory]
    [InlineData("Dynamics", "Crm:Dynamics:EnvironmentUrl")]
    [InlineData("ServiceNow", "Crm:ServiceNow:InstanceUrl")]
    [InlineData("Zendesk", "Crm:Zendesk:BaseUrl")]
    [InlineData("Salesforce", "Crm:Salesforce:InstanceUrl")]
    [InlineData("Webhook", "Crm:Webhook:Url")]
    public void A_chosen_connector_without_its_section_stops_start_up(string provider, string missing)
    {
        using var services = Build(new() { ["Crm:Provider"] = provider });

        var e = Assert.ThrowsAny<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(missing.Split(':')[^1], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_go_only_over_https()
    {
        using var services = Build(new()
        {
            ["Crm:Provider"] = "Webhook",
            ["Crm:Webhook:Url"] = "http://receiver.example/hooks",
            ["Crm:Webhook:Secret"] = new string('s', 40),
        });

        var e = Assert.ThrowsAny<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("https", e.Message, StringComparison.Ordinal);
    }
}
