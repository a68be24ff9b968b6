using ExpertBot.Features.Questions.Actions;
using ExpertBot.Integrations.OpenAI;
using ExpertBot.Teams;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Questions;

internal static class QuestionsFeature
{
    public static IServiceCollection AddQuestions(this IServiceCollection services)
    {
        services.AddOptions<QuestionOptions>().BindConfiguration(QuestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<QuestionService>();
        services.AddSingleton<InvitationLoad>();
        services.AddSingleton<QuestionRouting>();
        services.AddHostedService<QuestionRoutingWorker>();
        services.AddSingleton<QuestionCards>();
        // With an Azure OpenAI chat deployment the model reads new questions' topics for routing; without one the search's hints do.
        services.AddSingleton(sp => new ModelTopics(
            sp.GetRequiredService<IOptions<AzureOpenAIOptions>>().Value is { ChatConfigured: true } azure ? AzureOpenAIChat.Create(azure) : null,
            sp.GetRequiredService<Experts.ExpertDirectory>(), sp.GetRequiredService<Routing.ExpertPools>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<QuestionOptions>>(), sp.GetRequiredService<ILogger<ModelTopics>>()));
        services.AddSingleton<KnowledgeHints>();
        services.AddSingleton<PersonalChats>();
        services.AddSingleton<QuestionFlow>();
        services.AddSingleton<ResolvedAnswers>();
        services.AddHostedService(sp => sp.GetRequiredService<ResolvedAnswers>());
        services.AddQuestionJobs();
        services.AddQuestionVerbs();
        return services;
    }
}
