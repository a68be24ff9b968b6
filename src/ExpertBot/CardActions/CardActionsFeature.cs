namespace ExpertBot.CardActions;

internal static class CardActionsFeature
{
    /// <summary>The card-action path (verb table, signing, the ledger of answered clicks); features add verbs with AddCardVerb.</summary>
    public static IServiceCollection AddCardActions(this IServiceCollection services)
    {
        services.AddOptions<CardActionOptions>()
            .BindConfiguration(CardActionOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => CardActionOptions.IsValidKey(o.SigningKey), "CardActions:SigningKey must be base64 of at least 32 bytes (or empty).")
            .ValidateOnStart();
        services.AddSingleton<CardSigningKey>();
        services.AddHostedService(sp => sp.GetRequiredService<CardSigningKey>());
        services.AddSingleton<CardSeal>();
        services.AddSingleton<CardVerbs>();
        services.AddSingleton<ActionLedger>();
        services.AddHostedService(sp => sp.GetRequiredService<ActionLedger>());
        services.AddSingleton<CardActionDispatcher>();
        return services;
    }
}
