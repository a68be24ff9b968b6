using System.Globalization;
using System.Text;

namespace ExpertBot.Cards;

/// <summary>
/// Parses the expression language of adaptive-expressions (the grammar of its ExpressionAntlrParser.g4):
/// operators with its precedence (note: == binds tighter than &lt; there), literals, member access, indexing, calls.
/// </summary>
internal sealed class ExprParser
{
    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _pos;

    private ExprParser(string text)
    {
        _text = text;
        _tokens = Lex(text);
    }

    public static Expr Parse(string text)
    {
        if (text.Length == 0)
        {
            return new Constant("");
        }
        var parser = new ExprParser(text);
        var expr = parser.ParseTernary();
        if (parser.Peek.Kind != TokenKind.End)
        {
            throw parser.Error($"unexpected '{parser.Peek.Text}'");
        }
        return expr;
    }

    private enum TokenKind { Number, String, Identifier, Operator, End }

    private sealed record Token(TokenKind Kind, string Text, object? Value = null);

    private Token Peek => _tokens[_pos];

    private bool IsOperator(string op) => Peek.Kind == TokenKind.Operator && Peek.Text == op;

    private TemplateException Error(string what) => new($"Invalid expression '{_text}': {what}.");

    private void Expect(string op)
    {
        if (!IsOperator(op))
        {
            throw Error($"expected '{op}'");
        }
        _pos++;
    }

    private Expr ParseTernary()
    {
        var condition = ParseBinary(0);
        if (!IsOperator("?"))
        {
            return condition;
        }
        _pos++;
        var whenTrue = ParseTernary();
        Expect(":");
        var whenFalse = ParseTernary();
        return Make("if", condition, whenTrue, whenFalse);
    }

    // Lowest to highest, as the alternatives of the grammar's expression rule.
    private static readonly string[][] Levels =
    [
        ["??"],
        ["||"],
        ["&&"],
        ["<", "<=", ">", ">="],
        ["&"],
        ["==", "!=", "<>"],
        ["+", "-"],
        ["*", "/", "%"],
    ];

    private Expr ParseBinary(int level)
    {
        if (level == Levels.Length)
        {
            return ParsePower();
        }
        var left = ParseBinary(level + 1);
        while (Peek.Kind == TokenKind.Operator && Levels[level].Contains(Peek.Text))
        {
            var op = Peek.Text;
            _pos++;
            var right = ParseBinary(level + 1);
            left = Make(op, left, right);
        }
        return left;
    }

    private Expr ParsePower()
    {
        var left = ParseUnary();
        if (!IsOperator("^"))
        {
            return left;
        }
        _pos++;
        return Make("^", left, ParsePower()); // right associative
    }

    private Expr ParseUnary()
    {
        if (IsOperator("!"))
        {
            _pos++;
            return Make("!", ParseUnary());
        }
        if (IsOperator("-") || IsOperator("+"))
        {
            var op = Peek.Text;
            _pos++;
            // The official parser turns -x into 0 - x.
            return Make(op, new Constant(0d), ParseUnary());
        }
        return ParsePrimary();
    }

    private Expr ParsePrimary()
    {
        var token = Peek;
        Expr expr;
        string? callee = null;
        switch (token.Kind)
        {
            case TokenKind.Number:
            case TokenKind.String:
                _pos++;
                expr = new Constant(token.Value);
                break;
            case TokenKind.Identifier:
                _pos++;
                callee = token.Text;
                expr = token.Text switch
                {
                    "true" => new Constant(true),
                    "false" => new Constant(false),
                    "null" => new Constant(null),
                    "undefined" => new Constant(Undefined.Value),
                    _ => new Accessor(token.Text, null),
                };
                break;
            case TokenKind.Operator when token.Text == "(":
                _pos++;
                expr = ParseTernary();
                Expect(")");
                break;
            case TokenKind.Operator when token.Text == "[":
                _pos++;
                expr = Make("createArray", [.. ParseArgs("]")]);
                break;
            default:
                throw Error(token.Kind == TokenKind.End ? "unexpected end" : $"unexpected '{token.Text}'");
        }

        while (true)
        {
            if (IsOperator("."))
            {
                _pos++;
                if (Peek.Kind != TokenKind.Identifier)
                {
                    throw Error("expected a member name after '.'");
                }
                callee = callee is null ? null : callee + "." + Peek.Text;
                expr = new Accessor(Peek.Text, expr);
                _pos++;
            }
            else if (IsOperator("("))
            {
                if (callee is null)
                {
                    throw Error("only a name can be called");
                }
                _pos++;
                expr = Make(callee, [.. ParseArgs(")")]);
                callee = null;
            }
            else if (IsOperator("["))
            {
                _pos++;
                var index = ParseTernary();
                Expect("]");
                expr = new Element(expr, index);
                callee = null;
            }
            else
            {
                return expr;
            }
        }
    }

    private List<Expr> ParseArgs(string close)
    {
        var args = new List<Expr>();
        if (IsOperator(close))
        {
            _pos++;
            return args;
        }
        while (true)
        {
            args.Add(ParseTernary());
            if (IsOperator(","))
            {
                _pos++;
                continue;
            }
            Expect(close);
            return args;
        }
    }

    private Call Make(string name, params Expr[] args)
    {
        var canonical = Functions.CanonicalName(name);
        Functions.Validate(canonical, args, _text);
        return new Call(canonical, args);
    }

    private static readonly string[] Operators =
        ["==", "!=", "<>", "&&", "||", "<=", ">=", "??", "=>", "+", "-", "!", "^", "*", "/", "%", "&", "<", ">", "(", ")", ".", "[", "]", "{", "}", ",", ":", "?"];

    private static List<Token> Lex(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\ufeff' or '\u00a0' or '\r' or '\n')
            {
                i++;
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
                if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }
                var number = text[start..i];
                tokens.Add(new Token(TokenKind.Number, number, double.Parse(number, CultureInfo.InvariantCulture)));
                continue;
            }
            if (c is '\'' or '"')
            {
                var end = ScanString(text, i) ?? throw new TemplateException($"Invalid expression '{text}': unterminated string.");
                tokens.Add(new Token(TokenKind.String, text[i..end], UnquoteString(text[i..end])));
                i = end;
                continue;
            }
            var identifierEnd = ScanIdentifier(text, i);
            // '%' alone is the modulo operator; "%x" is a name (longest match wins, ties go to the operator).
            if (identifierEnd > i && !(c == '%' && identifierEnd == i + 1))
            {
                tokens.Add(new Token(TokenKind.Identifier, text[i..identifierEnd]));
                i = identifierEnd;
                continue;
            }
            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0)
                ?? throw new TemplateException($"Invalid expression '{text}': unexpected character '{c}'.");
            tokens.Add(new Token(TokenKind.Operator, op));
            i += op.Length;
        }
        tokens.Add(new Token(TokenKind.End, ""));
        return tokens;
    }

    private static int ScanIdentifier(string text, int i)
    {
        if (i >= text.Length)
        {
            return i;
        }
        var c = text[i];
        int j;
        if (char.IsAsciiLetter(c) || c is '_' or '#' or '$' or '%')
        {
            j = i + 1;
        }
        else if (c == '@')
        {
            j = i + 1 < text.Length && text[i + 1] == '@' ? i + 2 : i + 1;
        }
        else
        {
            return i;
        }
        while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_'))
        {
            j++;
        }
        return j;
    }

    /// <summary>The end (exclusive) of a quoted string starting at <paramref name="start"/>; a backslash escapes the quote or a backslash.</summary>
    internal static int? ScanString(string text, int start)
    {
        var quote = text[start];
        var i = start + 1;
        while (i < text.Length)
        {
            if (text[i] == '\\' && i + 1 < text.Length && (text[i + 1] == quote || text[i + 1] == '\\'))
            {
                i += 2;
            }
            else if (text[i] == quote)
            {
                return i + 1;
            }
            else
            {
                i++;
            }
        }
        return null;
    }

    private static string UnquoteString(string token)
    {
        var quote = token[0];
        var inner = token[1..^1].Replace("\\" + quote, quote.ToString(), StringComparison.Ordinal);
        var sb = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length && inner[i + 1] is not ('\r' or '\n'))
            {
                var escaped = inner[i + 1] switch
                {
                    'r' => "\r",
                    'n' => "\n",
                    't' => "\t",
                    '\\' => "\\",
                    _ => null,
                };
                sb.Append(escaped ?? inner.Substring(i, 2));
                i++;
            }
            else
            {
                sb.Append(inner[i]);
            }
        }
        return sb.ToString();
    }
}
