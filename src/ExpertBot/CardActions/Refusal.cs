namespace ExpertBot.CardActions;

/// <summary>A refusal the user sees on a refusal card; nothing changed.</summary>
internal sealed record Refusal(string Title, string Reason);
