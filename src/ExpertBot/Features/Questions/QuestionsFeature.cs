namespace ExpertBot.Features.Questions;

internal static class QuestionsFeature
{
    public static IServiceCollection AddQuestions(this IServiceCollection services)
    {
        services.AddOptions<QuestionOptions>().BindConfiguration(QuestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<QuestionService>();
        services.AddSingleton<QuestionCards>();
        services.AddSingleton<PersonalChats>();
        services.AddSingleton<QuestionFlow>();
        QuestionEffects.Register(services);
        return services;
    }
}
