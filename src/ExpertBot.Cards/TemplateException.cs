namespace ExpertBot.Cards;

/// <summary>A template that cannot be parsed, or an expression whose evaluation fails where the official engine throws.</summary>
public sealed class TemplateException(string message) : Exception(message);
