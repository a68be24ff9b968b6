using ExpertBot.Protocol.Auth;

namespace ExpertBot.Tests.Auth;

public sealed class ServiceUrlsTests
{
    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer", "https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer")]
    [InlineData("https://SMBA.TrafficManager.NET/amer/", "https://smba.trafficmanager.net/amer/")]
    [InlineData("HTTPS://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net:443/amer/", "https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net", "https://smba.trafficmanager.net/")]
    public void Same_service_url(string claim, string activity) => Assert.True(ServiceUrls.Same(claim, activity));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/emea/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/AMER/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "http://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net:8443/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net.evil.example/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://evil.example/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer/?x=1")]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer//")]
    [InlineData("https://smba.trafficmanager.net/amer/", "")]
    [InlineData("https://smba.trafficmanager.net/amer/", null)]
    [InlineData(null, "https://smba.trafficmanager.net/amer/")]
    [InlineData("not a url", "not a url")]
    public void Different_service_url(string? claim, string? activity) => Assert.False(ServiceUrls.Same(claim, activity));
}
