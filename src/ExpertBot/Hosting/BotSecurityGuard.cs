using System.Net;

namespace ExpertBot.Hosting;

internal static class BotSecurityGuard
{
    /// <summary>
    /// Auth may be off only when no app id is set AND every listening address is loopback. With an
    /// app id, every inbound activity is token-validated (<see cref="ActivityAuthenticator"/>).
    /// </summary>
    public static WebApplicationBuilder AddBotSecurityGuard(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BotOptions>()
            .Bind(builder.Configuration)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var appId = builder.Configuration["MicrosoftAppId"];
        var urls = builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? "http://127.0.0.1:3978";
        var problem = builder.Configuration.GetSection("Kestrel:Endpoints").Exists() && string.IsNullOrWhiteSpace(appId)
            ? "Kestrel:Endpoints is configured while authentication is off; its addresses bypass the loopback check. Remove it or set MicrosoftAppId."
            : Check(appId, urls);
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }
        builder.WebHost.UseUrls(urls);
        return builder;
    }

    public static string? Check(string? appId, string urls)
    {
        if (!string.IsNullOrWhiteSpace(appId))
        {
            return null; // Every activity is token-validated: any address is fine.
        }
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsLoopback(url))
            {
                return $"Authentication is off (no MicrosoftAppId), so the bot may listen on loopback only, but '{url}' is not loopback. Set MicrosoftAppId or bind to 127.0.0.1.";
            }
        }
        return null;
    }

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal),
                UriKind.Absolute, out var uri))
        {
            return false;
        }
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
