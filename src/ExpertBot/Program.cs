using ExpertBot.Features.Cases;
using ExpertBot.Features.Conversation;
using ExpertBot.Features.Experts;
using ExpertBot.Features.Health;
using ExpertBot.Features.Ideas;
using ExpertBot.Features.Knowledge;
using ExpertBot.Features.Knowledge.Search;
using ExpertBot.Features.Messaging;
using ExpertBot.Features.Packaging;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Resolutions;
using ExpertBot.Features.Routing;
using ExpertBot.Features.Tab;
using ExpertBot.Hosting;
using ExpertBot.Integrations.Crm;
using ExpertBot.Storage;

// Commands that are not the server: offline tools sharing the product's code.
switch (args)
{
    case ["eval-routing", ..]: return EvalRoutingCommand.Run(args);
    case ["eval-search", ..]: return EvalSearchCommand.Run(args);
    case ["eval-ideas", ..]: return EvalIdeasCommand.Run(args);
    case ["package", ..]: return PackageCommand.Run(args);
    case ["bench-routing", ..]: return BenchRoutingCommand.Run(args);
    case ["bench-search", ..]: return BenchSearchCommand.Run(args);
    case ["bench-tab", ..]: return BenchTabCommand.Run(args);
    case ["render-card", ..]: return RenderCardCommand.Run(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(HostArguments.For(args));

// Security first: refuse to start on a configuration that would accept unauthenticated traffic.
builder.AddBotSecurityGuard();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddStorage();
builder.Services.AddInboundAuthentication();
builder.Services.AddMessaging();
builder.Services.AddConversation();
builder.Services.AddKnowledge();
builder.Services.AddCases(builder.Configuration);
builder.Services.AddDirectory();
builder.Services.AddAppRoles();
builder.Services.AddQuestions();
builder.Services.AddResolutions();
builder.Services.AddIdeas();
builder.Services.AddTab();
builder.Services.AddExpertRouting();
builder.Services.AddCrmConnectors(builder.Configuration);

var app = builder.Build();

app.MapHealth();
app.MapMessaging();
app.MapTab();

app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
