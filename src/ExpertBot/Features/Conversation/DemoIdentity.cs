using System.Collections.Concurrent;
using ExpertBot.Features.Experts;
using ExpertBot.Hosting;
using ExpertBot.Protocol.Activities;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Conversation;

/// <summary>
/// "act as &lt;name&gt;": in the local demo only (auth off, which the security guard allows on loopback only), one person
/// plays the agent, the experts and the product manager from the one Playground user, whose identity is otherwise fixed.
/// Activities from that user are taken as the named person's until "act as me". With auth on the command does not exist:
/// a Teams user is who the Bot Connector's token says.
/// </summary>
internal sealed class DemoIdentity(IOptions<BotOptions> bot, ExpertDirectory directory)
{
    private readonly ConcurrentDictionary<string, DirectoryPerson> _actingAs = new(StringComparer.Ordinal);

    public bool Enabled { get; } = !bot.Value.AuthEnabled;

    /// <summary>Who the sender of <paramref name="activity"/> is acting as, if anyone.</summary>
    public DirectoryPerson? ActingAs(Activity activity) =>
        Enabled && activity.From?.Id is { } id && _actingAs.TryGetValue(id, out var person) ? person : null;

    /// <summary>Makes the activity the named person's: their Entra id and name; where replies go stays the same.</summary>
    public void Apply(Activity activity)
    {
        if (ActingAs(activity) is { } person)
        {
            activity.From!.AadObjectId = person.Id;
            activity.From.Name = person.DisplayName;
        }
    }

    /// <summary>The reply to "act as &lt;who&gt;"; null when the text is not that command.</summary>
    public async Task<string?> TryCommandAsync(Activity activity, string text, CancellationToken ct)
    {
        if (!text.StartsWith("act as", StringComparison.OrdinalIgnoreCase) || activity.From?.Id is not { } sender)
        {
            return null;
        }
        if (!Enabled)
        {
            return "`act as` exists only in the local demo. In Teams you are always yourself.";
        }
        var who = text[6..].Trim();
        if (who.Length == 0 || who.Equals("me", StringComparison.OrdinalIgnoreCase))
        {
            _actingAs.TryRemove(sender, out _);
            return $"You are yourself again ({activity.From.Name}).";
        }
        var matches = await directory.FindByNameOrEmailAsync(who, ct);
        if (matches.Count != 1)
        {
            return matches.Count == 0
                ? $"Nobody in the demo directory is called \"{who}\". Try a full name, e.g. `act as Megan Bowen`."
                : $"\"{who}\" could be {string.Join(" or ", matches.Take(3).Select(p => p.DisplayName))}: use the full name or email.";
        }
        var person = _actingAs[sender] = matches[0];
        return $"You are now acting as **{person.DisplayName}**{(person.JobTitle is { Length: > 0 } title ? $" ({title})" : "")}: everything you do here counts as theirs, in chats and on cards, until you write `act as me`.";
    }
}
