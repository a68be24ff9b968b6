namespace ExpertBot.Features.Knowledge.Search;

/// <summary>
/// Steps 1 and 5 of Porter's English stemmer (M. F. Porter, "An algorithm for suffix stripping", 1980): plurals, -ed,
/// -ing, a final y and a final e, so "crashes", "crashed" and "crashing" are one term with "crash". Only the inflections:
/// the derivational steps 2 to 4 (-ation, -ness, -ive...) merge words that support questions keep apart. Words with
/// anything but a to z stay as they are.
/// </summary>
internal static class Stemmer
{
    public static string Stem(string word)
    {
        if (word.Length <= 2)
        {
            return word;
        }
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return word;
            }
        }
        var w = word;
        // 1a: sses -> ss, ies -> i, ss -> ss, s -> .
        if (w.EndsWith("sses", StringComparison.Ordinal) || w.EndsWith("ies", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal))
        {
            w = w[..^1];
        }
        // 1b: (m>0) eed -> ee; (*v*) ed -> ; (*v*) ing -> ; then tidy the stem.
        if (w.EndsWith("eed", StringComparison.Ordinal))
        {
            if (Measure(w.AsSpan(0, w.Length - 3)) > 0)
            {
                w = w[..^1];
            }
        }
        else if ((w.EndsWith("ed", StringComparison.Ordinal) && HasVowel(w.AsSpan(0, w.Length - 2)))
            || (w.EndsWith("ing", StringComparison.Ordinal) && HasVowel(w.AsSpan(0, w.Length - 3))))
        {
            w = w[..^(w.EndsWith("ed", StringComparison.Ordinal) ? 2 : 3)];
            if (w.EndsWith("at", StringComparison.Ordinal) || w.EndsWith("bl", StringComparison.Ordinal) || w.EndsWith("iz", StringComparison.Ordinal))
            {
                w += "e";
            }
            else if (w.Length >= 2 && w[^1] == w[^2] && IsConsonant(w, w.Length - 1) && w[^1] is not ('l' or 's' or 'z'))
            {
                w = w[..^1];
            }
            else if (Measure(w) == 1 && EndsCvc(w))
            {
                w += "e";
            }
        }
        // 1c: (*v*) y -> i
        if (w.EndsWith('y') && HasVowel(w.AsSpan(0, w.Length - 1)))
        {
            w = w[..^1] + "i";
        }
        // 5a: (m>1) e -> ; (m=1 and not *o) e -> ; so "crashes" (now "crashe") meets "crash", while "file" stays.
        if (w.EndsWith('e'))
        {
            var stem = w[..^1];
            var m = Measure(stem);
            if (m > 1 || (m == 1 && !EndsCvc(stem)))
            {
                w = stem;
            }
        }
        // 5b: (m>1 and ends ll) -> l, so "controlled" ("controll") meets "control".
        if (w.EndsWith("ll", StringComparison.Ordinal) && Measure(w) > 1)
        {
            w = w[..^1];
        }
        return w.Length < 2 ? word : w;
    }

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
    private static bool EndsCvc(string w) =>
        w.Length >= 3 && IsConsonant(w, w.Length - 3) && !IsConsonant(w, w.Length - 2) && IsConsonant(w, w.Length - 1)
        && w[^1] is not ('w' or 'x' or 'y');
}
