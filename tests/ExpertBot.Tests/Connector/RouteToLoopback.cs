namespace ExpertBot.Tests.Connector;

/// <summary>
/// Test-only DNS: requests for the named public hosts (the Teams connector, login.microsoftonline.com)
/// go to local fake servers instead, with the host they were meant for in a header. A request for any
/// other host fails loudly, so nothing can leave the machine.
/// </summary>
internal sealed class RouteToLoopback(IReadOnlyDictionary<string, Uri> routes) : DelegatingHandler
{
    public const string OriginalHostHeader = "X-Original-Host";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (!uri.IsLoopback)
        {
            if (!routes.TryGetValue(uri.Host, out var target))
            {
                throw new InvalidOperationException($"Test sent a request to unrouted host {uri.Host}");
            }
            request.Headers.TryAddWithoutValidation(OriginalHostHeader, uri.Host);
            request.RequestUri = new Uri(target, uri.PathAndQuery);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
