using ExpertBot.CardActions;
using ExpertBot.Features.Knowledge.Articles.Actions;
using ExpertBot.Integrations.OpenAI;
using ExpertBot.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Knowledge.Articles;

internal static class KnowledgeBaseFeature
{
    /// <summary>The living knowledge base: articles and their lifecycle, drafting on resolve, the owner's cards and verbs, reminders.</summary>
    public static IServiceCollection AddKnowledgeBase(this IServiceCollection services)
    {
        services.AddOptions<ArticleOptions>().BindConfiguration(ArticleOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Licensing != Licensing.List || o.LicensedContributors.Count > 0,
                "Knowledge:Articles:Licensing=List needs at least one id in Knowledge:Articles:LicensedContributors.")
            .ValidateOnStart();
        services.AddSingleton<ArticleIndexing>();
        services.AddSingleton<KnowledgeBase>();
        services.AddSingleton<ArticleCards>();
        services.AddSingleton<IArticleWriter>(sp => sp.GetRequiredService<IOptions<AzureOpenAIOptions>>().Value is { ChatConfigured: true } azure
            ? new ModelArticleWriter(AzureOpenAIChat.Create(azure), azure.ChatDeployment!, sp.GetRequiredService<ILogger<ModelArticleWriter>>())
            : new ExtractiveArticleWriter());
        services.AddSingleton<OwnerStandIns>();
        services.AddSingleton<ResolutionCapture>();
        services.AddSingleton<KnowledgeFigures>();
        services.AddSingleton<KnowledgeCommands>();
        services.AddHostedService<ArticleLoader>();
        services.AddSingleton<ArticleRefresh>();
        services.AddHostedService(sp => sp.GetRequiredService<ArticleRefresh>());
        services.AddJob<NotifyOwner, NotifyOwnerHandler>();
        services.AddJob<ReviewDue, ReviewDueHandler>();
        services.AddJob<PublishArticle, PublishArticleHandler>(PublishArticleHandler.Attempts);
        services.AddJob<NoteArticleOnCase, NoteArticleOnCaseHandler>(NoteArticleOnCaseHandler.Attempts);
        services.AddKeyedSingleton<ISubjectRoles, ArticleRoleFacts>(ArticleSubject.Kind);
        services.AddCardVerb<ValidateArticle, ValidateArticleHandler>();
        services.AddCardVerb<DiscardArticle, DiscardArticleHandler>();
        services.AddCardVerb<ArchiveArticle, ArchiveArticleHandler>();
        services.AddCardVerb<FixArticle, FixArticleHandler>();
        services.AddCardVerb<VerifyArticle, VerifyArticleHandler>();
        services.AddCardVerb<FlagArticle, FlagArticleHandler>();
        services.AddCardVerb<RateArticle, RateArticleHandler>();
        services.AddCardVerb<ShowArticle, ShowArticleHandler>();
        services.AddCardVerb<ApplyArticleUpdate, ApplyArticleUpdateHandler>();
        services.AddCardVerb<DiscardArticleUpdate, DiscardArticleUpdateHandler>();
        services.AddCardVerb<ReassignArticle, ReassignArticleHandler>();
        return services;
    }
}
