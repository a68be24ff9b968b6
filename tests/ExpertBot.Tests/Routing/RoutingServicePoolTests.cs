using ExpertBot.Features.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.Routing;

/// <summary>Expert pools: which pool a question goes to, and the start-up validation of Routing:Pools.</summary>
public sealed class RoutingServicePoolTests
{
    private static ExpertPools Pools(params ExpertPoolOptions[] pools) => new(Options.Create(new RoutingOptions { Pools = [.. pools] }));

    private static readonly ExpertPoolOptions Identity = new()
    {
        Name = "Identity", Products = ["Identity"], Topics = ["SSO", "SAML", "MFA", "Azure AD B2C"],
        TeamId = "team-support-experts", ChannelId = "channel-identity-experts", Delivery = PoolDelivery.Both,
    };

    private static readonly ExpertPoolOptions Billing = new() { Name = "Billing", Products = ["Billing"], Topics = ["invoice", "refund", "tax"] };

    private static readonly ExpertPoolOptions Default = new() { Name = "Default" };

    [Fact]
    public void The_product_decides_first_even_when_the_text_names_another_pools_topics()
    {
        var pools = Pools(Identity, Billing, Default);

        Assert.Equal("Billing", pools.For("billing", "SSO users see a wrong invoice", null).Name);
        Assert.Equal("Identity", pools.For("Identity", "refund for a tax invoice", null).Name);
    }

    [Fact]
    public void Without_a_known_product_the_pool_whose_topics_the_question_names_most_takes_it()
    {
        var pools = Pools(Identity, Billing, Default);

        Assert.Equal("Identity", pools.For("Mobile", "SAML assertion rejected", "the SSO redirect fails").Name);
        Assert.Equal("Billing", pools.For(null, "Refund shows the wrong tax", "SSO is fine").Name);
        // "Azure AD B2C" is a phrase: all its words must be there.
        Assert.Equal("Identity", pools.For(null, "Custom policy in Azure AD B2C", null).Name);
    }

    [Fact]
    public void A_question_no_pool_claims_goes_to_the_pool_named_Default_else_the_first()
    {
        Assert.Equal("Default", Pools(Identity, Billing, Default).For("Reporting", "Dashboard is slow", null).Name);
        Assert.Equal("Identity", Pools(Identity, Billing).For("Reporting", "Dashboard is slow", null).Name);
        var implicitDefault = new ExpertPools(Options.Create(new RoutingOptions()));
        Assert.Equal(ExpertPool.DefaultName, implicitDefault.For("Identity", "SSO", null).Name);
        Assert.Equal(PoolDelivery.Direct, implicitDefault.Default.Delivery);
    }

    [Fact]
    public void A_questions_topics_are_its_product_and_the_pool_topics_it_names()
    {
        var pools = Pools(Identity, Billing, Default);

        Assert.Equal(["Identity", "SSO", "MFA", "invoice"], pools.TopicsOf("Identity", "SSO breaks after MFA reset", "and the invoice page 404s"));
        Assert.Empty(pools.TopicsOf(null, "Dashboard is slow", null));
    }

    [Fact]
    public void Pools_bind_from_configuration_with_their_defaults()
    {
        using var services = Services(new()
        {
            ["Routing:Pools:0:Name"] = "Identity",
            ["Routing:Pools:0:Products:0"] = "Identity",
            ["Routing:Pools:0:TeamId"] = "team-support-experts",
            ["Routing:Pools:0:ChannelId"] = "channel-identity-experts",
            ["Routing:Pools:0:Delivery"] = "Channel",
            ["Routing:Pools:0:Fallback:SupervisorId"] = "lead-aad",
            ["Routing:Pools:0:Members:0"] = "megan-aad",
            ["Routing:Pools:1:Name"] = "Default",
            ["Routing:Pools:1:ExpertsPerStep"] = "2",
            ["Routing:Pools:1:InvitationTimeout"] = "00:10:00",
        });

        var pools = services.GetRequiredService<ExpertPools>();

        var identity = pools.Named("identity")!;
        Assert.Equal(("channel-identity-experts", PoolDelivery.Channel, 3, TimeSpan.FromMinutes(30), 2, "lead-aad"),
            (identity.ChannelId, identity.Delivery, identity.ExpertsPerStep, identity.InvitationTimeout, identity.MaxSteps, identity.FallbackSupervisorId));
        Assert.Equal(["megan-aad"], identity.Members!);
        Assert.Equal((2, TimeSpan.FromMinutes(10), PoolDelivery.Direct), (pools.Default.ExpertsPerStep, pools.Default.InvitationTimeout, pools.Default.Delivery));
        Assert.Null(pools.Default.Members);
    }

    [Fact]
    public void Bad_pools_are_refused_at_start_with_every_problem_named()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Routing:Pools:0:Name"] = "Identity",
            ["Routing:Pools:0:Products:0"] = "Identity",
            ["Routing:Pools:0:Delivery"] = "Channel",
            ["Routing:Pools:0:ExpertsPerStep"] = "0",
            ["Routing:Pools:1:Name"] = "identity",
            ["Routing:Pools:1:Products:0"] = "IDENTITY",
            ["Routing:Pools:1:MaxSteps"] = "9",
            ["Routing:Pools:1:InvitationTimeout"] = "00:00:10",
            ["Routing:Pools:1:Fallback:ChannelId"] = "channel-leads",
            ["Routing:Pools:2:Products:0"] = "Mobile",
        };
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddExpertRouting();
        using var host = builder.Build();

        var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<RoutingOptions>>().Value);

        Assert.Equal(
        [
            "Routing:Pools:0 ('Identity'): ExpertsPerStep must be 1 to 10 (it is 0).",
            "Routing:Pools:0 ('Identity'): Delivery Channel needs TeamId and ChannelId (the experts' channel); set them or use Delivery Direct.",
            "Routing:Pools:1 ('identity'): the name is already used by Routing:Pools:0; pool names must be unique.",
            "Routing:Pools:1 ('identity'): MaxSteps must be 1 to 5 (it is 9).",
            "Routing:Pools:1 ('identity'): InvitationTimeout must be between 00:01:00 and 7.00:00:00 (it is 00:00:10).",
            "Routing:Pools:1 ('identity'): Fallback:ChannelId is a channel of the pool's team, so TeamId is required.",
            "Routing:Pools:1 ('identity'): product 'IDENTITY' is already taken by pool 'Identity'; a product belongs to one pool.",
            "Routing:Pools:2:Name is required.",
        ], refused.Failures);
    }

    [Fact]
    public async Task ValidateOnStart_stops_the_host_before_it_takes_traffic()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Routing:DefaultDailyInvitations"] = "0" });
        builder.Services.AddExpertRouting();
        // Only the options: the index itself needs storage and the directory, which this test does not start.
        builder.Services.RemoveAll<IHostedService>();
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Routing:DefaultDailyInvitations must be 1 to 1000 (it is 0).", refused.Failures);
    }

    [Fact]
    public void The_demo_configuration_shipped_with_the_app_is_valid_and_routes_identity_to_the_playground_channel()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false).Build();
        var options = config.GetSection(RoutingOptions.Section).Get<RoutingOptions>()!;

        Assert.Empty(RoutingOptionsValidator.Problems(options));
        var pools = new ExpertPools(Options.Create(options));
        var identity = pools.For("Identity", "SSO fails", null);
        Assert.Equal(("team-support-experts", "channel-identity-experts"), (identity.TeamId, identity.ChannelId));
        // Every demo pool invites in a channel of the Playground's team: the Playground opens no 1:1 chat with people
        // outside its five users, so 1:1 invitations to the rest of the demo company could never be seen.
        var other = pools.For("Reporting", "Dashboard is slow", null);
        Assert.Equal((PoolDelivery.Channel, "team-support-experts"), (other.Delivery, other.ChannelId));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddExpertRouting();
        return services.BuildServiceProvider();
    }
}
