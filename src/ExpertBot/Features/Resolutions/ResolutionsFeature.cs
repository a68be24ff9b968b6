using ExpertBot.CardActions;
using ExpertBot.Features.Questions.Jobs;
using ExpertBot.Features.Resolutions.Actions;
using ExpertBot.Integrations.OpenAI;
using ExpertBot.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Resolutions;

internal static class ResolutionsFeature
{
    /// <summary>
    /// Attempts of a case note before the asker is told it failed: with the job backoff (5 s doubling to 10 min) twenty
    /// attempts span about two and a half hours, so a CRM down for an hour loses nothing.
    /// </summary>
    public const int NoteAttempts = 20;

    /// <summary>Resolving a question: the resolved card and its verbs, the write-back to the case, credit for the people who helped.</summary>
    public static IServiceCollection AddResolutions(this IServiceCollection services)
    {
        services.AddSingleton<ResolutionStore>();
        services.AddSingleton<ResolutionCards>();
        services.AddSingleton<ResolutionFlow>();
        services.AddSingleton<Credits>();
        // With an Azure OpenAI chat deployment the model writes the customer reply; without one the extractive reply is all.
        services.AddSingleton(sp => new ModelCustomerReply(
            sp.GetRequiredService<IOptions<AzureOpenAIOptions>>().Value is { ChatConfigured: true } azure ? AzureOpenAIChat.Create(azure) : null,
            sp.GetRequiredService<IOptions<AzureOpenAIOptions>>().Value.ChatDeployment,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ModelCustomerReply>>()));
        services.AddJob<QuestionResolved, CaseNoteWriter>(NoteAttempts);
        services.AddJob<DraftArticle, ArticleDrafting>();
        services.AddCardVerb<AcceptAnswer, AcceptAnswerHandler>();
        services.AddCardVerb<ResolveQuestion, ResolveQuestionHandler>();
        services.AddCardVerb<KnowledgeAnswered, KnowledgeAnsweredHandler>();
        services.AddCardVerb<RateAnswers, RateAnswersHandler>();
        services.AddCardVerb<RetryCaseNote, RetryCaseNoteHandler>();
        return services;
    }
}
