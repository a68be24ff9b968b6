using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ExpertBot.Features.Resolutions;

/// <summary>Where a resolution's internal note to its case stands.</summary>
internal enum CaseNoteState
{
    /// <summary>The question names no case: nothing to write.</summary>
    NoCase,
    /// <summary>Committed with the resolution; the write to the case system is on its way (or being retried).</summary>
    Pending,
    Written,
    /// <summary>The case system refused it, or kept failing: the asker and supervisors were told, with a way to try again.</summary>
    Failed,
}

/// <summary>
/// What happened after a question was resolved: where its resolved card is (so it can be updated as the note is written),
/// and the internal note on its case. One row per resolved question.
/// </summary>
internal sealed class Resolution
{
    public long QuestionId { get; set; }
    public string? CardServiceUrl { get; set; }
    public string? CardConversationId { get; set; }
    public string? CardActivityId { get; set; }
    public CaseNoteState NoteState { get; set; }
    /// <summary>The case system's name as agents know it ("Dynamics 365", "the case log").</summary>
    public string? NoteSystem { get; set; }
    public string? NoteCase { get; set; }
    public string? NoteId { get; set; }
    public string? NoteUrl { get; set; }
    /// <summary>Why the note is not written (yet), in words for the asker.</summary>
    public string? NoteProblem { get; set; }
    /// <summary>How many times "Try again" was used (each is a new write job with the same idempotency key).</summary>
    public int Retries { get; set; }
    /// <summary>The customer reply's body written by a language model (checked: nothing internal); null: the extractive one is shown.</summary>
    public string? CustomerReply { get; set; }
    /// <summary>Who wrote <see cref="CustomerReply"/> ("azure-openai:&lt;deployment&gt;").</summary>
    public string? CustomerReplyBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class ResolutionConfiguration : IEntityTypeConfiguration<Resolution>
{
    public void Configure(EntityTypeBuilder<Resolution> r)
    {
        r.ToTable("resolutions");
        r.HasKey(x => x.QuestionId);
        r.Property(x => x.QuestionId).ValueGeneratedNever();
        r.Property(x => x.CardServiceUrl).HasMaxLength(500);
        r.Property(x => x.CardConversationId).HasMaxLength(400);
        r.Property(x => x.CardActivityId).HasMaxLength(200);
        r.Property(x => x.NoteState).HasConversion<string>().HasMaxLength(20);
        r.Property(x => x.NoteSystem).HasMaxLength(100);
        r.Property(x => x.NoteCase).HasMaxLength(100);
        r.Property(x => x.NoteId).HasMaxLength(200);
        r.Property(x => x.NoteUrl).HasMaxLength(1000);
        r.Property(x => x.NoteProblem).HasMaxLength(1000);
        r.Property(x => x.CustomerReply).HasMaxLength(CustomerReply.MaxBody);
        r.Property(x => x.CustomerReplyBy).HasMaxLength(200);
    }
}
