using System.Text.Json;
using ExpertBot.CardActions;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.CardActions;

/// <summary>The signature over a card's references: it verifies only the values, the fields and the key it was made with.</summary>
public sealed class CardSealTests
{
    private static CardSeal Seal(byte fill = 7) => new(KeyOf(fill));

    private static CardSigningKey KeyOf(byte fill)
    {
        var key = new CardSigningKey(Options.Create(new CardActionOptions { SigningKey = Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray()) }), null!, TimeProvider.System);
        key.StartAsync(default).GetAwaiter().GetResult();
        return key;
    }

    private static CardData Data(CardSeal seal, object data) => new(JsonSerializer.SerializeToElement(data), seal);

    [Fact]
    public void A_signed_card_gives_back_its_ids()
    {
        var seal = Seal();
        var sig = seal.Sign(("questionId", "42"), ("replyId", "7"));

        var data = Data(seal, new { questionId = "42", replyId = "7", sig });

        Assert.Equal(42, data.SignedId("questionId"));
        Assert.Equal(7, data.SignedId("replyId"));
    }

    [Theory]
    [InlineData("43", "7")]   // another question
    [InlineData("42", "8")]   // another reply
    [InlineData("042", "7")]  // the same number written otherwise
    public void An_edited_id_does_not_verify(string questionId, string replyId)
    {
        var seal = Seal();
        var sig = seal.Sign(("questionId", "42"), ("replyId", "7"));

        var data = Data(seal, new { questionId, replyId, sig });

        var refused = Assert.Throws<CardDataException>(() => data.SignedId("questionId"));
        Assert.Equal("This card is damaged", refused.Refusal.Title);
    }

    [Fact]
    public void A_field_the_signature_does_not_cover_is_not_believed()
    {
        var seal = Seal();
        var sig = seal.Sign(("questionId", "42"));

        // The replyId was added to a question-only card: the question verifies, the reply does not.
        var data = Data(seal, new { questionId = "42", replyId = "7", sig });

        Assert.Equal(42, data.SignedId("questionId"));
        Assert.Throws<CardDataException>(() => data.SignedId("replyId"));
    }

    [Fact]
    public void Claiming_more_fields_than_were_signed_does_not_verify()
    {
        var seal = Seal();
        var mac = seal.Sign(("questionId", "42")).Split('.')[^1];

        var data = Data(seal, new { questionId = "42", replyId = "7", sig = $"questionId.replyId.{mac}" });

        Assert.Throws<CardDataException>(() => data.SignedId("questionId"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("questionId")]
    [InlineData("questionId.")]
    [InlineData("questionId.!!!")]
    [InlineData(".AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("question-id.AAAAAAAAAAAAAAAAAAAAAA")]
    public void A_missing_or_malformed_signature_is_refused(string? sig)
    {
        var data = Data(Seal(), new { questionId = "42", sig });

        Assert.Throws<CardDataException>(() => data.SignedId("questionId"));
    }

    [Fact]
    public void Only_the_one_spelling_of_the_signature_verifies()
    {
        var seal = Seal();
        var sig = seal.Sign(("questionId", "42"));
        // The last character of 16 bytes in base64 carries 2 bits and 4 unused ones: a decoder takes any of these alike.
        var last = sig[^1];
        var respelled = sig[..^1] + (char)(last + 1);
        Assert.Equal(Convert.FromBase64String(Pad(sig.Split('.')[^1])), Convert.FromBase64String(Pad(respelled.Split('.')[^1])));

        var data = Data(seal, new { questionId = "42", sig = respelled });

        Assert.Throws<CardDataException>(() => data.SignedId("questionId"));
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }

    [Fact]
    public void A_card_signed_with_another_key_does_not_verify()
    {
        var sig = Seal(fill: 1).Sign(("questionId", "42"));

        var data = Data(Seal(fill: 2), new { questionId = "42", sig });

        Assert.Throws<CardDataException>(() => data.SignedId("questionId"));
    }

    [Fact]
    public void Values_cannot_be_shifted_between_fields()
    {
        // Length-prefixed: "a=1|b=2" and "a=1|b" + "=2"-style ambiguity cannot make two field lists sign alike.
        var seal = Seal();
        var sig = seal.Sign(("questionId", "4"), ("replyId", "27"));

        var data = Data(seal, new { questionId = "42", replyId = "7", sig });

        Assert.Throws<CardDataException>(() => data.SignedId("questionId"));
    }
}
