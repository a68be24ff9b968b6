using ExpertBot.Features.Knowledge.Articles;

namespace ExpertBot.Tests.Knowledge.Articles;

/// <summary>
/// Redaction on realistic support texts written for this test: personal data goes, the technical content that makes an
/// article useful (error codes, versions, ports, order and case numbers, dates, amounts) stays.
/// </summary>
public sealed class RedactorTests
{
    public static TheoryData<string, string, string> Personal() => new()
    {
        { "Customer dana.whitfield@fabrikam.example cannot sign in since Monday.", "dana.whitfield@fabrikam.example", "[email]" },
        { "Call her back on +44 20 7946 0958 after 3pm.", "7946 0958", "[phone]" },
        { "US office: (425) 555-0100, ask for the admin.", "555-0100", "[phone]" },
        { "The card 4111 1111 1111 1111 was declined twice with 3-D Secure.", "4111 1111 1111 1111", "[card number]" },
        { "Charged on 5555-5555-5555-4444 yesterday.", "5555-5555-5555-4444", "[card number]" },
        { "Her SSN 123-45-6789 was typed into the notes field by mistake.", "123-45-6789", "[national id]" },
        { "NI number AB 12 34 56 C was in the export.", "AB 12 34 56 C", "[national id]" },
        { "Refund to GB82 WEST 1234 5698 7654 32 failed.", "GB82 WEST 1234 5698 7654 32", "[account number]" },
    };

    [Theory]
    [MemberData(nameof(Personal))]
    public void Personal_data_is_removed(string text, string personal, string placeholder)
    {
        var redacted = Redactor.Redact(text);

        Assert.DoesNotContain(personal, redacted, StringComparison.Ordinal);
        Assert.Contains(placeholder, redacted, StringComparison.Ordinal);
    }

    public static TheoryData<string> Technical() => new()
    {
        "Users see AADSTS50011 after the EU move; add https://contoso.eu.contoso.app/sso/acs as reply URL.",
        "Order 4111111111111112 is stuck in export (not a card: the check digit is wrong).",
        "Upgrade the firmware to V84.20.18Z and restart; port 9100 must be open.",
        "Case CAS-10421 was opened on 2026-12-04 at 09:30 for invoice INV-2024-00017 of EUR 1,250.00.",
        "Set the belt speed to 0.8 m/s and the retry to 3 attempts, version 5.3.0 fixes it.",
    };

    [Theory]
    [MemberData(nameof(Technical))]
    public void Technical_content_is_kept(string text) => Assert.Equal(text, Redactor.Redact(text));

    [Fact]
    public void The_cases_customer_and_contact_names_are_removed_also_on_their_own()
    {
        var redacted = Redactor.Redact("Dana Whitfield from Fabrikam Ltd says Whitfield's team still sees the error; Dana will retry.",
            ["Fabrikam Ltd", "Dana Whitfield"]);

        Assert.DoesNotContain("Fabrikam", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("Whitfield", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("Dana", redacted, StringComparison.Ordinal);
        Assert.Contains("still sees the error", redacted, StringComparison.Ordinal);
    }
}
