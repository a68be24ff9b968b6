using System.Text;

namespace ExpertBot.Cards;

/// <summary>
/// A JSON string of the template, parsed as the official engine does: as the body of an expression-language
/// string interpolation (<c>`...`</c>), where <c>${expr}</c> is an expression, <c>\$</c> and <c>\`</c> escape,
/// and everything else is text. A string made of exactly one <c>${expr}</c> keeps the type of its value.
/// </summary>
internal static class Interpolation
{
    /// <summary>An <see cref="Expr"/>, or null when the string has no "${" and stays a plain string.</summary>
    public static Expr? Parse(string text)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return null;
        }
        // The official engine's first child is always an empty string constant.
        var children = new List<Expr> { new Constant("") };
        var pendingText = new StringBuilder();
        var i = 0;
        void FlushText()
        {
            if (pendingText.Length > 0)
            {
                children.Add(new Constant(pendingText.ToString()));
                pendingText.Clear();
            }
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c == '`')
            {
                // The interpolation is the text wrapped in backticks: a bare backtick ends it early, a syntax error there.
                throw new TemplateException($"Invalid template string '{text}': an unescaped ` is not allowed where ${{...}} is used (write \\`).");
            }
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '`' or '$')
            {
                FlushText();
                children.Add(new Constant(text[i + 1].ToString()));
                i += 2;
                continue;
            }
            if (c == '$' && TemplateEnd(text, i) is { } end)
            {
                FlushText();
                children.Add(ExprParser.Parse(Trim(text[i..end])));
                i = end;
                continue;
            }
            pendingText.Append(c);
            i++;
        }
        FlushText();

        if (children.Count == 2 && children[1] is not Constant)
        {
            return children[1];
        }
        return new Call("concat", children);
    }

    /// <summary>
    /// The end of the lexer's TEMPLATE token at <paramref name="start"/>: '${' (STRING | OBJECT | ~[\r\n{}'"`])+ '}';
    /// null when it does not match (then '$' is plain text).
    /// </summary>
    private static int? TemplateEnd(string text, int start)
    {
        if (start + 1 >= text.Length || text[start + 1] != '{')
        {
            return null;
        }
        var i = start + 2;
        var count = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '}')
            {
                return count > 0 ? i + 1 : null;
            }
            if (c is '\'' or '"')
            {
                var end = ExprParser.ScanString(text, i);
                if (end is null)
                {
                    return null;
                }
                i = end.Value;
            }
            else if (c == '{')
            {
                var end = ObjectEnd(text, i);
                if (end is null)
                {
                    return null;
                }
                i = end.Value;
            }
            else if (c is '\r' or '\n' or '`')
            {
                return null;
            }
            else
            {
                i++;
            }
            count++;
        }
        return null;
    }

    /// <summary>A balanced {...} (object literal) inside a template, quotes respected.</summary>
    private static int? ObjectEnd(string text, int start)
    {
        var depth = 0;
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                var end = ExprParser.ScanString(text, i);
                if (end is null)
                {
                    return null;
                }
                i = end.Value;
                continue;
            }
            if (c is '\r' or '\n' or '`')
            {
                return null;
            }
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return i + 1;
            }
            i++;
        }
        return null;
    }

    private static string Trim(string template)
    {
        var result = template.Trim();
        if (result.StartsWith('$'))
        {
            result = result[1..];
        }
        result = result.Trim();
        if (result.StartsWith('{') && result.EndsWith('}'))
        {
            result = result[1..^1];
        }
        return result.Trim();
    }
}
