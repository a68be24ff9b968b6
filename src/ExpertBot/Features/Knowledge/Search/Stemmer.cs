namespace ExpertBot.Features.Knowledge.Search;

/// <summary>
/// Steps 1 and 5 of Porter's English stemmer (M. F. Porter, "An algorithm for suffix stripping", 1980): plurals, -ed,
/// -ing, a final y and a final e, so "crashes", "crashed" and "crashing" are one term with "crash". Only the inflections:
/// the derivational steps 2 to 4 (-ation, -ness, -ive...) merge words that support questions keep apart. Words with
/// anything but a to z stay as they are. Works in place on a span: every term of every document passes here.
/// </summary>
internal static class Stemmer
{
    public static string Stem(string word)
    {
        Span<char> buffer = stackalloc char[word.Length + 1];
        word.CopyTo(buffer);
        var length = Stem(buffer, word.Length);
        return buffer[..length].SequenceEqual(word) ? word : new string(buffer[..length]);
    }

    /// <summary>Stems the first <paramref name="n"/> characters of <paramref name="w"/> (which has room for one more); returns the stem's length.</summary>
    public static int Stem(Span<char> w, int n)
    {
        if (n <= 2)
        {
            return n;
        }
        foreach (var c in w[..n])
        {
            if (c is < 'a' or > 'z')
            {
                return n;
            }
        }
        var original = n;
        // 1a: sses -> ss, ies -> i, ss -> ss, s -> .
        if (Ends(w, n, "sses") || Ends(w, n, "ies"))
        {
            n -= 2;
        }
        else if (w[n - 1] == 's' && !Ends(w, n, "ss"))
        {
            n--;
        }
        // 1b: (m>0) eed -> ee; (*v*) ed -> ; (*v*) ing -> ; then tidy the stem.
        if (Ends(w, n, "eed"))
        {
            if (Measure(w[..(n - 3)]) > 0)
            {
                n--;
            }
        }
        else if ((Ends(w, n, "ed") && HasVowel(w[..(n - 2)])) || (Ends(w, n, "ing") && HasVowel(w[..(n - 3)])))
        {
            n -= Ends(w, n, "ed") ? 2 : 3;
            if (Ends(w, n, "at") || Ends(w, n, "bl") || Ends(w, n, "iz"))
            {
                w[n++] = 'e';
            }
            else if (n >= 2 && w[n - 1] == w[n - 2] && IsConsonant(w, n - 1) && w[n - 1] is not ('l' or 's' or 'z'))
            {
                n--;
            }
            else if (Measure(w[..n]) == 1 && EndsCvc(w[..n]))
            {
                w[n++] = 'e';
            }
        }
        // 1c: (*v*) y -> i
        if (w[n - 1] == 'y' && HasVowel(w[..(n - 1)]))
        {
            w[n - 1] = 'i';
        }
        // 5a: (m>1) e -> ; (m=1 and not *o) e -> ; so "crashes" (now "crashe") meets "crash", while "file" stays.
        if (w[n - 1] == 'e')
        {
            var m = Measure(w[..(n - 1)]);
            if (m > 1 || (m == 1 && !EndsCvc(w[..(n - 1)])))
            {
                n--;
            }
        }
        // 5b: (m>1 and ends ll) -> l, so "controlled" ("controll") meets "control".
        if (Ends(w, n, "ll") && Measure(w[..n]) > 1)
        {
            n--;
        }
        return n < 2 ? original : n;
    }

    private static bool Ends(Span<char> w, int n, string suffix) => n >= suffix.Length && w[(n - suffix.Length)..n].SequenceEqual(suffix);

    // A consonant is a letter other than a, e, i, o, u, and other than y preceded by a consonant.
    private static bool IsConsonant(ReadOnlySpan<char> w, int i) => w[i] switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' => false,
        'y' => i == 0 || !IsConsonant(w, i - 1),
        _ => true,
    };

    private static bool HasVowel(ReadOnlySpan<char> w)
    {
        for (var i = 0; i < w.Length; i++)
        {
            if (!IsConsonant(w, i))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>m in [C](VC)^m[V]: how many vowel-consonant runs the stem has.</summary>
    private static int Measure(ReadOnlySpan<char> w)
    {
        var m = 0;
        var i = 0;
        while (i < w.Length && IsConsonant(w, i))
        {
            i++;
        }
        while (i < w.Length)
        {
            while (i < w.Length && !IsConsonant(w, i))
            {
                i++;
            }
            if (i == w.Length)
            {
                break;
            }
            m++;
            while (i < w.Length && IsConsonant(w, i))
            {
                i++;
            }
        }
        return m;
    }

    // *o: the stem ends consonant-vowel-consonant, the last not w, x or y (hop -> hope, but not box).
    private static bool EndsCvc(ReadOnlySpan<char> w) =>
        w.Length >= 3 && IsConsonant(w, w.Length - 3) && !IsConsonant(w, w.Length - 2) && IsConsonant(w, w.Length - 1)
        && w[^1] is not ('w' or 'x' or 'y');
}
