using System.Text.Encodings.Web;

namespace ExpertBot.Protocol.Activities;

/// <summary>
/// Escapes only what JSON itself requires (quote, backslash, control characters) and text that is not Unicode (a lone
/// surrogate). The built-in encoders escape every character outside the Basic Multilingual Plane even when "relaxed":
/// an emoji went out as \uD83D\uDE00, twelve bytes for four, which pushed cards of emoji past Teams' size limit.
/// Bodies are JSON over HTTP, never embedded in HTML or script, so HTML-sensitive characters need no escaping either.
/// </summary>
public sealed unsafe class JsonTextEncoder : JavaScriptEncoder
{
    public static JsonTextEncoder Instance { get; } = new();

    private JsonTextEncoder()
    {
    }

    // \uXXXX for one UTF-16 unit; a scalar above U+FFFF is never escaped (see WillEncode).
    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or 0x7F;

    public override int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
        {
            var c = text[i];
            if (c < 0x20 || c is '"' or '\\' or (char)0x7F)
            {
                return i;
            }
            if (char.IsHighSurrogate(c) && i + 1 < textLength && char.IsLowSurrogate(text[i + 1]))
            {
                i++; // A whole pair: written as itself.
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }
        return -1;
    }

    public override bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (bufferLength < 6 || unicodeScalar > 0xFFFF)
        {
            numberOfCharactersWritten = 0;
            return false;
        }
        buffer[0] = '\\';
        buffer[1] = 'u';
        for (var i = 0; i < 4; i++)
        {
            var nibble = (unicodeScalar >> (12 - (4 * i))) & 0xF;
            buffer[2 + i] = (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
        }
        numberOfCharactersWritten = 6;
        return true;
    }
}
