using System.Text;
using System.Text.RegularExpressions;
using ExpertBot.Features.Experts;
using ExpertBot.Protocol.Activities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Experts;

public sealed class JsonDirectoryTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero));

    private static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "ExpertBot.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine([dir.FullName, .. parts]);
    }

    private static IReadOnlyList<DirectoryPerson> Parse(string json) =>
        JsonDirectory.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.json", Time);

    [Fact]
    public void The_demo_company_ships_with_the_app_and_is_valid()
    {
        var people = JsonDirectory.Load(JsonDirectory.DefaultPath, Time);

        Assert.InRange(people.Count, 50, 70);
        foreach (var department in new[] { "Customer Support", "Engineering", "Product" })
        {
            Assert.True(people.Count(p => p.Department == department) >= 8, department);
        }
        Assert.All(people.Where(p => p.IsRoutable), p =>
        {
            Assert.NotEmpty(p.Skills);
            Assert.NotNull(p.WorkingHours);
            Assert.NotNull(p.TimeZone);
        });
        Assert.Contains(people, p => !p.AccountEnabled);
        Assert.True(people.Select(p => p.TimeZone).Distinct().Count() >= 5, "people across time zones");
    }

    [Fact]
    public void Every_Playground_user_is_in_the_demo_company_under_its_aadObjectId()
    {
        // The Playground's own config is the source of truth for its users.
        var yml = File.ReadAllText(RepoFile("tests", "e2e", "playground", ".m365agentsplayground.yml"));
        var users = Regex.Matches(yml, @"name: (?<name>[^\n]+)\n(?:\s+\w+: [^\n]+\n)*?\s+aadObjectId: (?<id>[0-9a-f-]{36})")
            .Select(m => (Name: m.Groups["name"].Value.Trim(), Id: m.Groups["id"].Value))
            .ToList();
        Assert.Equal(6, users.Count);

        var people = JsonDirectory.Load(JsonDirectory.DefaultPath, Time).ToDictionary(p => p.Id);
        Assert.All(users, u =>
        {
            Assert.True(people.TryGetValue(u.Id, out var person), $"{u.Name} ({u.Id}) missing");
            Assert.Equal(u.Name, person!.DisplayName);
            Assert.True(person.IsRoutable);
        });
    }

    [Fact]
    public void A_bad_file_is_refused_with_every_problem_named()
    {
        var error = Assert.Throws<DirectoryFileException>(() => Parse("""
            {"people":[
              {"id":"not-a-guid","displayName":"A"},
              {"id":"1a000000-0000-4000-8000-000000000009","displayName":""},
              {"id":"1a000000-0000-4000-8000-000000000008","displayName":"C","timeZone":"Mars/Olympus"},
              {"id":"1a000000-0000-4000-8000-000000000008","displayName":"D"},
              {"id":"1a000000-0000-4000-8000-000000000007","displayName":"E","workingHours":{"days":["monday"],"start":"17:00","end":"09:00"}},
              {"id":"1a000000-0000-4000-8000-000000000006","displayName":"F"}
            ]}
            """));

        Assert.Contains("5 problem(s)", error.Message);
        Assert.Contains("people[0] (A): \"id\" must be an Entra object id", error.Message);
        Assert.Contains("people[1]: \"displayName\" is required", error.Message);
        Assert.Contains("unknown time zone 'Mars/Olympus'", error.Message);
        Assert.Contains("people[3] (D): duplicate id", error.Message);
        Assert.Contains("people[4] (E): workingHours end 09:00 is not after start 17:00", error.Message);
    }

    [Theory]
    [InlineData("{not json", "is not valid")]
    [InlineData("{\"people\":[]}", "has no \"people\"")]
    [InlineData("{\"people\":[{\"id\":\"1a000000-0000-4000-8000-000000000001\",\"displayName\":\"A\",\"skils\":[]}]}", "skils")]
    [InlineData("{\"people\":[{\"id\":\"1a000000-0000-4000-8000-000000000001\",\"displayName\":\"A\",\"workingHours\":{\"days\":[\"someday\"],\"start\":\"09:00\",\"end\":\"17:00\"}}]}", "is not valid")]
    public void Malformed_files_say_why(string json, string expected)
    {
        var error = Assert.Throws<DirectoryFileException>(() => Parse(json));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Working_hours_are_read_in_the_persons_time_zone()
    {
        var person = Assert.Single(Parse("""
            {"people":[{"id":"1a000000-0000-4000-8000-000000000001","displayName":"A","timeZone":"Europe/Berlin",
              "workingHours":{"days":["monday","tuesday"],"start":"09:00","end":"17:00"}}]}
            """));

        // Monday 2 March 2026: 08:30 UTC is 09:30 in Berlin, 16:30 UTC is 17:30.
        Assert.True(person.WorkingHours!.Contains(new DateTimeOffset(2026, 3, 2, 8, 30, 0, TimeSpan.Zero)));
        Assert.False(person.WorkingHours!.Contains(new DateTimeOffset(2026, 3, 2, 16, 30, 0, TimeSpan.Zero)));
        Assert.False(person.WorkingHours!.Contains(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero)));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton<TimeProvider>(Time)
            .AddLogging()
            .AddDirectory()
            // The app keeps the directory in the database; these tests need only the feature's own wiring.
            .AddSingleton<IDirectoryStore, InMemoryDirectoryStore>()
            .BuildServiceProvider();

    [Fact]
    public async Task The_directory_feature_loads_a_file_and_answers_by_aadObjectId_channel_id_and_presence()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("directory-").FullName, "people.json");
        await File.WriteAllTextAsync(path, """
            {"people":[
              {"id":"1a000000-0000-4000-8000-000000000001","displayName":"Megan","skills":["SAML 2.0"],"presence":"Busy"},
              {"id":"1a000000-0000-4000-8000-000000000002","displayName":"Gone","accountEnabled":false}
            ]}
            """);
        await using var services = Services(new() { ["Directory:JsonPath"] = path });
        var worker = services.GetServices<IHostedService>().OfType<DirectoryWorker>().Single();
        await worker.StartAsync(default);
        var directory = services.GetRequiredService<ExpertDirectory>();

        var candidates = await directory.GetCandidatesAsync(default);
        Assert.Equal(["Megan"], candidates.Select(p => p.DisplayName));
        Assert.Equal("Megan", (await directory.FindByAccountAsync(new ChannelAccount { Id = "29:x", AadObjectId = "1A000000-0000-4000-8000-000000000001" }, default))?.DisplayName);
        Assert.Equal("Gone", (await directory.FindAsync("1a000000-0000-4000-8000-000000000002", default))?.DisplayName);
        Assert.Null(await directory.FindByAccountAsync(new ChannelAccount { Id = "user-id-9" }, default));
        var presence = await directory.GetPresenceAsync(["1a000000-0000-4000-8000-000000000001", "1a000000-0000-4000-8000-000000000099"], default);
        Assert.Equal("Busy", Assert.Single(presence).Value.Availability);
        await worker.StopAsync(default);
    }

    [Fact]
    public async Task A_bad_file_stops_start_up_and_loads_nobody()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("directory-").FullName, "people.json");
        await File.WriteAllTextAsync(path, """{"people":[{"id":"1a000000-0000-4000-8000-000000000001","displayName":"A"},{"id":"nope","displayName":"B"}]}""");
        await using var services = Services(new() { ["Directory:JsonPath"] = path });
        var worker = services.GetServices<IHostedService>().OfType<DirectoryWorker>().Single();

        var error = await Assert.ThrowsAsync<DirectoryFileException>(() => worker.StartAsync(default));

        Assert.Contains(path, error.Message);
        Assert.Empty(await services.GetRequiredService<ExpertDirectory>().GetCandidatesAsync(default));
    }

    [Theory]
    [InlineData("Graph", null, "MicrosoftAppId")]
    [InlineData("Json", "/no/such/file.json", "Directory:JsonPath")]
    [InlineData("Ldap", null, "Ldap")]
    public void Bad_configuration_is_refused_at_start(string source, string? jsonPath, string expected)
    {
        using var services = Services(new() { ["Directory:Source"] = source, ["Directory:JsonPath"] = jsonPath });
        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DirectoryOptions>>().Value);
        Assert.Contains(expected, error.Message);
    }
}
