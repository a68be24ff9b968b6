using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Tab;

/// <summary>
/// Roles given as Entra group ids: a signed-in user whose token's groups claim holds the product managers', the
/// supervisors' or the admins' group has that role in the tab, and the same user without the claim has none.
/// </summary>
public sealed class TabRoleGroupTests : IAsyncLifetime
{
    private const string PmGroup = "6a000000-0000-4000-8000-0000000000b1";
    private const string SupervisorGroup = "6a000000-0000-4000-8000-0000000000b2";
    private const string AdminGroup = "6a000000-0000-4000-8000-0000000000b3";
    private const string User = "0a000000-0000-4000-8000-0000000000b4";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private TabHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new TabHost(_time, ("Roles:ProductManagers:0", PmGroup), ("Questions:Supervisors:0", SupervisorGroup), ("Roles:Admins:0", AdminGroup));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(PmGroup, true, false, false)]
    [InlineData(SupervisorGroup, false, true, false)]
    [InlineData(AdminGroup, false, false, true)]
    [InlineData("6a000000-0000-4000-8000-0000000000ff", false, false, false)]
    [InlineData(null, false, false, false)]
    public async Task A_group_in_the_token_gives_its_role_and_nothing_else(string? group, bool pm, bool supervisor, bool admin)
    {
        var claims = _host.Claims(User);
        if (group is not null)
        {
            claims["groups"] = new JsonArray(group);
        }
        var response = await _host.SendAsync(HttpMethod.Get, "/tab/api/me", _host.Sign(claims));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var roles = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["roles"]!;
        Assert.Equal(pm, roles["productManager"]!.GetValue<bool>());
        Assert.Equal(supervisor, roles["supervisor"]!.GetValue<bool>());
        Assert.Equal(admin, roles["admin"]!.GetValue<bool>());

        // The board is for those roles only, on the server.
        var board = await _host.SendAsync(HttpMethod.Get, "/tab/api/ideas", _host.Sign(claims));
        Assert.Equal(pm || supervisor || admin ? HttpStatusCode.OK : HttpStatusCode.Forbidden, board.StatusCode);
    }
}
