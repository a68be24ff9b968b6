namespace ExpertBot.Features.Questions;

internal static class QuestionsFeature
{
    public static IServiceCollection AddQuestions(this IServiceCollection services)
    {
        services.AddOptions<QuestionOptions>().BindConfiguration(QuestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<QuestionService>();
        services.AddSingleton<ExpertBot.Features.Routing.RoutingService>(); // placeholder until AddRouting lands
        services.AddSingleton<QuestionCards>();
        services.AddSingleton<QuestionFlow>();
        QuestionEffects.Register(services);
        return services;
    }
}
