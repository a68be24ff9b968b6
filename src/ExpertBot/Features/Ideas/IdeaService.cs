using ExpertBot.CardActions;
using ExpertBot.Features.Ideas.Jobs;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Features.Ideas;

/// <summary>An idea as an agent drafted it on the form.</summary>
internal sealed record IdeaDraft(string Title, string? Details, string? Product, string? Customer, string? CaseNumber, Importance Importance);

/// <summary>What the case system says about the draft's case (customer, account value, product); all null without one.</summary>
internal sealed record CustomerFacts(string? Customer, long? AccountValue, string? Product)
{
    public static CustomerFacts None { get; } = new(null, null, null);
}

/// <summary>The result of a change: the idea as it now is, or why nothing changed.</summary>
internal sealed record IdeaOutcome(Idea? Idea, Refusal? Refusal)
{
    public static IdeaOutcome Refused(string title, string reason) => new(null, new Refusal(title, reason));
}

/// <summary>
/// The ideas and every change to them. Each change is one transaction with its audit event and the jobs that carry its
/// effects (the channel post, the 1:1 notes to supporters): they exist exactly when the change commits (outbox).
/// </summary>
internal sealed class IdeaService(ExpertBotDatabase database, IdeaIndex index, JobSignal signal, TimeProvider time)
{
    public async Task<Idea?> FindAsync(long id, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await Full(db).AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
    }

    /// <summary>The ideas <paramref name="userId"/> raised or voted for, newest first.</summary>
    public async Task<List<Idea>> ForSupporterAsync(string userId, int take, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await db.Set<Idea>().AsNoTracking().Include(i => i.Supporters).Include(i => i.Customers)
            .Where(i => i.Supporters.Any(s => s.UserId == userId)).OrderByDescending(i => i.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>A new idea raised by <paramref name="agent"/>; the same source key (a repeated click) gives the idea it created.</summary>
    public async Task<IdeaOutcome> CreateAsync(IdeaDraft draft, CustomerFacts facts, Actor agent, ConversationRef personalChat, string sourceKey, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        if (await Full(db).AsNoTracking().FirstOrDefaultAsync(i => i.SourceKey == sourceKey, ct) is { } earlier)
        {
            return new IdeaOutcome(earlier, null);
        }
        var now = time.GetUtcNow();
        var idea = new Idea
        {
            Title = draft.Title,
            Details = draft.Details,
            Product = draft.Product ?? facts.Product,
            Status = IdeaStatus.New,
            SubmitterId = agent.Id,
            SubmitterName = Clip(agent.Name),
            TenantId = agent.Chat.TenantId,
            SourceKey = sourceKey,
            CreatedAt = now,
            UpdatedAt = now,
        };
        idea.Supporters.Add(new IdeaSupporter { UserId = agent.Id, Name = Clip(agent.Name), Chat = personalChat, Submitted = true, At = now });
        var customer = AddCustomerAndCase(idea, draft, facts, agent, now);
        idea.Events.Add(Event(agent, "created", customer is null ? null : $"for {customer}", now));
        db.Add(idea);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await db.EnqueueJobAsync(TypedJobs.For(new PostIdea(idea.Id), NewJob.Key(PostIdea.Kind, Id(idea))), now, ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same click raced in on another instance: its idea is the one.
            await using var again = database.CreateContext();
            return await Full(again).AsNoTracking().FirstOrDefaultAsync(i => i.SourceKey == sourceKey, ct) is { } raced
                ? new IdeaOutcome(raced, null)
                : throw new InvalidOperationException("Creating the idea failed and no idea has its source key.");
        }
        signal.Wake();
        index.Put(idea);
        return new IdeaOutcome(idea, null);
    }

    /// <summary>
    /// Adds <paramref name="agent"/>'s customer to an existing idea: the agent counts once, the customer counts once (with
    /// the importance given now), the case is linked once. A vote for a merged idea goes to the idea it was merged into.
    /// </summary>
    public Task<IdeaOutcome> VoteAsync(long id, IdeaDraft draft, CustomerFacts facts, Actor agent, ConversationRef personalChat, CancellationToken ct) =>
        ChangeAsync(id, agent, followMerge: true, (idea, now, jobs) =>
        {
            var isNew = !idea.Supporters.Any(s => Same(s.UserId, agent.Id));
            if (isNew)
            {
                idea.Supporters.Add(new IdeaSupporter { UserId = agent.Id, Name = Clip(agent.Name), Chat = personalChat, At = now });
            }
            var customer = AddCustomerAndCase(idea, draft, facts, agent, now);
            idea.Events.Add(Event(agent, "voted", customer is null ? null : $"for {customer} ({Describe(draft.Importance)})", now));
            return null;
        }, ct);

    /// <summary>A product manager's new status, with an optional response; every supporter is told.</summary>
    public Task<IdeaOutcome> SetStatusAsync(long id, IdeaStatus status, string? response, Actor pm, CancellationToken ct) =>
        ChangeAsync(id, pm, followMerge: false, (idea, now, jobs) =>
        {
            if (status == IdeaStatus.Merged)
            {
                return new Refusal("Use merge", "To merge an idea, name the idea to merge it into; nothing changed.");
            }
            if (idea.Status == IdeaStatus.Merged)
            {
                return new Refusal("Already merged", $"{idea.Number} was merged into {IdeaNumber.Of(idea.MergedIntoId ?? 0)}; change that idea instead. Nothing changed.");
            }
            var responseChanged = response is not null && response != idea.Response;
            if (idea.Status == status && !responseChanged)
            {
                return new Refusal("Nothing to change", $"{idea.Number} is already {Idea.Describe(status)}; nothing changed.");
            }
            if (idea.Status != status)
            {
                idea.Events.Add(Event(pm, "status", $"{Idea.Describe(idea.Status)} -> {Idea.Describe(status)}", now));
                idea.Status = status;
            }
            if (responseChanged)
            {
                idea.Response = response;
                idea.Events.Add(Event(pm, "response", response, now));
            }
            TakeOwnership(idea, pm, now);
            NotifyAll(idea, idea.Supporters, null, jobs);
            return null;
        }, ct);

    /// <summary>A product manager's public response; every supporter is told.</summary>
    public Task<IdeaOutcome> RespondAsync(long id, string response, Actor pm, CancellationToken ct) =>
        ChangeAsync(id, pm, followMerge: false, (idea, now, jobs) =>
        {
            if (idea.Status == IdeaStatus.Merged)
            {
                return new Refusal("Already merged", $"{idea.Number} was merged into {IdeaNumber.Of(idea.MergedIntoId ?? 0)}; respond there. Nothing changed.");
            }
            if (response == idea.Response)
            {
                return new Refusal("Nothing to change", "That is already the response; nothing changed.");
            }
            idea.Response = response;
            idea.Events.Add(Event(pm, "response", response, now));
            TakeOwnership(idea, pm, now);
            NotifyAll(idea, idea.Supporters, null, jobs);
            return null;
        }, ct);

    /// <summary>A product manager who acts on an idea with no owner becomes its owner.</summary>
    private static void TakeOwnership(Idea idea, Actor pm, DateTimeOffset now)
    {
        if (idea.OwnerId is null)
        {
            idea.OwnerId = pm.Id;
            idea.OwnerName = Clip(pm.Name);
            idea.Events.Add(Event(pm, "owner", pm.Name, now));
        }
    }

    /// <summary>Makes a product manager the owner of an idea.</summary>
    public Task<IdeaOutcome> AssignOwnerAsync(long id, string ownerId, string ownerName, Actor pm, CancellationToken ct) =>
        ChangeAsync(id, pm, followMerge: false, (idea, now, jobs) =>
        {
            if (Same(idea.OwnerId, ownerId))
            {
                return new Refusal("Nothing to change", $"{ownerName} already owns {idea.Number}; nothing changed.");
            }
            idea.OwnerId = ownerId;
            idea.OwnerName = Clip(ownerName);
            idea.Events.Add(Event(pm, "owner", ownerName, now));
            return null;
        }, ct);

    /// <summary>
    /// Merges <paramref name="fromId"/> into <paramref name="intoId"/>: its agents, customers and cases move to the surviving
    /// idea, each counted once there (a customer in both keeps the importance given last); the merged idea points at the
    /// survivor; every agent of the merged idea is told where their customer's vote went.
    /// </summary>
    public async Task<IdeaOutcome> MergeAsync(long fromId, long intoId, Actor pm, string? tenantId, CancellationToken ct)
    {
        if (fromId == intoId)
        {
            return IdeaOutcome.Refused("Can't merge", "An idea cannot be merged into itself; nothing changed.");
        }
        for (var attempt = 1; ; attempt++)
        {
            await using var db = database.CreateContext();
            var ideas = await Full(db).Where(i => i.Id == fromId || i.Id == intoId).ToListAsync(ct);
            var from = ideas.FirstOrDefault(i => i.Id == fromId);
            var into = ideas.FirstOrDefault(i => i.Id == intoId);
            if (from is null || !SameTenant(from, tenantId))
            {
                return IdeaOutcome.Refused("Unknown idea", "This card points to an idea that does not exist; nothing changed.");
            }
            if (into is null || !SameTenant(into, tenantId))
            {
                return IdeaOutcome.Refused("Unknown idea", $"There is no {IdeaNumber.Of(intoId)} to merge {from.Number} into; nothing changed.");
            }
            if (from.Status == IdeaStatus.Merged)
            {
                return IdeaOutcome.Refused("Already merged", $"{from.Number} was already merged into {IdeaNumber.Of(from.MergedIntoId ?? 0)}; nothing changed.");
            }
            if (into.Status == IdeaStatus.Merged)
            {
                return IdeaOutcome.Refused("Can't merge", $"{into.Number} was itself merged into {IdeaNumber.Of(into.MergedIntoId ?? 0)}; merge into that one. Nothing changed.");
            }
            var now = time.GetUtcNow();
            var told = from.Supporters.ToList();
            foreach (var s in from.Supporters.ToList())
            {
                from.Supporters.Remove(s);
                if (!into.Supporters.Any(x => Same(x.UserId, s.UserId)))
                {
                    into.Supporters.Add(new IdeaSupporter { UserId = s.UserId, Name = s.Name, Chat = s.Chat, Submitted = s.Submitted, At = s.At });
                }
            }
            foreach (var c in from.Customers.ToList())
            {
                from.Customers.Remove(c);
                if (into.Customers.FirstOrDefault(x => x.Key == c.Key) is { } there)
                {
                    if (c.UpdatedAt > there.UpdatedAt)
                    {
                        (there.Importance, there.AccountValue, there.UpdatedAt) = (c.Importance, c.AccountValue ?? there.AccountValue, c.UpdatedAt);
                    }
                }
                else
                {
                    into.Customers.Add(new IdeaCustomer { Key = c.Key, Name = c.Name, Importance = c.Importance, AccountValue = c.AccountValue, UpdatedAt = c.UpdatedAt });
                }
            }
            foreach (var c in from.Cases.ToList())
            {
                from.Cases.Remove(c);
                if (!into.Cases.Any(x => x.CaseNumber == c.CaseNumber))
                {
                    into.Cases.Add(new IdeaCase { CaseNumber = c.CaseNumber, Customer = c.Customer, AddedById = c.AddedById, At = c.At });
                }
            }
            from.Events.Add(Event(pm, "merged", $"into {into.Number}", now));
            into.Events.Add(Event(pm, "merged-in", $"{from.Number} ({from.Title})", now));
            from.Status = IdeaStatus.Merged;
            from.MergedIntoId = into.Id;
            from.UpdatedAt = into.UpdatedAt = now;
            from.Version++;
            into.Version++;
            TakeOwnership(into, pm, now);
            var jobs = new List<NewJob>();
            NotifyAll(into, told, from.Id, jobs);
            try
            {
                await db.SaveWithJobsAsync(jobs, now, ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                continue; // Changed meanwhile: decide again on the fresh state.
            }
            signal.Wake();
            index.Remove(from.Id);
            return new IdeaOutcome(into, null);
        }
    }

    /// <summary>
    /// A reply in the idea's channel thread (experts and PMs discussing feasibility), kept on the idea for the discussion
    /// summary; once per message. False when the conversation is no idea's thread.
    /// </summary>
    public async Task<bool> RecordDiscussionAsync(string threadConversationId, string messageId, Actor author, string text, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var idea = await db.Set<Idea>().Include(i => i.Events).FirstOrDefaultAsync(i => i.ThreadConversationId == threadConversationId, ct);
        if (idea is null)
        {
            return false;
        }
        var marker = $"[{messageId}] ";
        if (idea.Events.Any(e => e.Kind == "discussion" && e.Detail != null && e.Detail.StartsWith(marker, StringComparison.Ordinal)))
        {
            return true; // Teams redelivered it: kept once.
        }
        idea.Events.Add(Event(author, "discussion", marker + TextClip.Clip(text, IdeaLimits.TextLength - marker.Length - 1), time.GetUtcNow()));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Records that the idea's channel post exists (its thread), so it is posted once.</summary>
    public async Task AttachThreadAsync(long id, string conversationId, string? activityId, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var idea = await db.Set<Idea>().FirstAsync(i => i.Id == id, ct);
        idea.ThreadConversationId = conversationId;
        idea.ThreadActivityId = activityId;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Loads the idea, applies <paramref name="change"/> (null = go ahead) and commits it with its jobs; retried on a concurrent change.</summary>
    private async Task<IdeaOutcome> ChangeAsync(long id, Actor actor, bool followMerge, Func<Idea, DateTimeOffset, List<NewJob>, Refusal?> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = database.CreateContext();
            var idea = await Full(db).FirstOrDefaultAsync(i => i.Id == id, ct);
            if (followMerge && idea is { Status: IdeaStatus.Merged, MergedIntoId: { } into })
            {
                idea = await Full(db).FirstOrDefaultAsync(i => i.Id == into, ct);
            }
            if (idea is null || !SameTenant(idea, actor.Chat.TenantId))
            {
                return IdeaOutcome.Refused("Unknown idea", "This card points to an idea that does not exist; nothing changed.");
            }
            var now = time.GetUtcNow();
            var jobs = new List<NewJob>();
            if (change(idea, now, jobs) is { } refusal)
            {
                return new IdeaOutcome(idea, refusal);
            }
            idea.UpdatedAt = now;
            idea.Version++;
            try
            {
                await db.SaveWithJobsAsync(jobs, now, ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                continue; // Changed meanwhile (or the same vote raced in): decide again on the fresh state.
            }
            if (jobs.Count > 0)
            {
                signal.Wake();
            }
            return new IdeaOutcome(idea, null);
        }
    }

    /// <summary>One note per supporter per change (the idea's version names the change, so a retried commit adds none twice).</summary>
    private static void NotifyAll(Idea idea, IEnumerable<IdeaSupporter> supporters, long? mergedFrom, List<NewJob> jobs)
    {
        var version = (idea.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var s in supporters.DistinctBy(s => s.UserId, StringComparer.OrdinalIgnoreCase))
        {
            var job = new NotifySupporter(idea.Id, mergedFrom, s.UserId, s.Chat);
            jobs.Add(TypedJobs.For(job, NewJob.Key(NotifySupporter.Kind, Id(idea), version, mergedFrom?.ToString(System.Globalization.CultureInfo.InvariantCulture), s.UserId)));
        }
    }

    /// <summary>Links the draft's customer (once, with this importance) and case (once); returns the customer's name.</summary>
    private static string? AddCustomerAndCase(Idea idea, IdeaDraft draft, CustomerFacts facts, Actor agent, DateTimeOffset now)
    {
        var name = Clip(facts.Customer ?? draft.Customer);
        if (name.Length > 0)
        {
            var key = IdeaCustomer.KeyOf(name);
            if (idea.Customers.FirstOrDefault(c => c.Key == key) is { } known)
            {
                known.Importance = draft.Importance;
                known.AccountValue = facts.AccountValue ?? known.AccountValue;
                known.UpdatedAt = now;
            }
            else
            {
                idea.Customers.Add(new IdeaCustomer { Key = key, Name = name, Importance = draft.Importance, AccountValue = facts.AccountValue, UpdatedAt = now });
            }
        }
        if (draft.CaseNumber is { Length: > 0 } number && !idea.Cases.Any(c => string.Equals(c.CaseNumber, number, StringComparison.OrdinalIgnoreCase)))
        {
            idea.Cases.Add(new IdeaCase { CaseNumber = number, Customer = name.Length > 0 ? name : null, AddedById = agent.Id, At = now });
        }
        return name.Length > 0 ? name : null;
    }

    public static string Describe(Importance importance) => importance switch
    {
        Importance.Critical => "critical",
        Importance.Important => "important",
        _ => "nice-to-have",
    };

    private static IQueryable<Idea> Full(ExpertBotDb db) => db.Set<Idea>()
        .Include(i => i.Supporters).Include(i => i.Customers).Include(i => i.Cases).Include(i => i.Events).AsSplitQuery();

    private static IdeaEvent Event(Actor actor, string kind, string? detail, DateTimeOffset now) =>
        new() { ActorId = actor.Id, ActorName = Clip(actor.Name), Kind = kind, Detail = detail, At = now };

    private static bool SameTenant(Idea idea, string? tenantId) =>
        idea.TenantId is not { Length: > 0 } owner || tenantId is not { Length: > 0 } || Same(owner, tenantId);

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Clip(string? text) => TextClip.Clip(text?.Trim(), IdeaLimits.NameLength) ?? "";

    private static string Id(Idea idea) => idea.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
