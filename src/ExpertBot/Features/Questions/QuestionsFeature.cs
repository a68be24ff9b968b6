using ExpertBot.Features.Questions.Actions;

using ExpertBot.Teams;

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
