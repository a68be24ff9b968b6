namespace ExpertBot.CardActions;

/// <summary>
/// The card's data cannot be a verb's record: a field is missing, of the wrong kind, too long, or a signed reference does
/// not verify. Nothing has been read or changed when it is thrown; the person sees <see cref="Refusal"/>.
/// </summary>
internal sealed class CardDataException(Refusal refusal) : Exception(refusal.Reason)
{
    public Refusal Refusal { get; } = refusal;

    public static CardDataException Damaged(string what) =>
        new(new Refusal("This card is damaged", $"{what}; nothing changed."));
}
