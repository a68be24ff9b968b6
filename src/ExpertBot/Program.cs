using ExpertBot.Features.Cases;
using ExpertBot.Features.Conversation;
using ExpertBot.Features.Experts;
using ExpertBot.Features.Health;
using ExpertBot.Features.Knowledge;
using ExpertBot.Features.Messaging;
using ExpertBot.Features.Packaging;
using ExpertBot.Features.Routing;
using ExpertBot.Hosting;

// Commands that are not the server: offline tools sharing the product's code.
if (args is ["eval-routing", ..])
{
    return EvalRoutingCommand.Run(args);
}
if (args is ["package", ..]) return PackageCommand.Run(args);
if (args is ["render-card", ..]) return RenderCardCommand.Run(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);

// Security first: refuse to start on a configuration that would accept unauthenticated traffic.
builder.AddBotSecurityGuard();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddInboundAuthentication();
builder.Services.AddMessaging();
builder.Services.AddConversation();
builder.Services.AddKnowledge();
builder.Services.AddCases();
builder.Services.AddDirectory();

var app = builder.Build();

app.MapHealth();
app.MapMessaging();

app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
