using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ExpertBot.Features.Experts;

/// <summary>
/// One person in the database. The profile is one JSON document: it is read whole (to rebuild the
/// routing index) and written whole (by the sync); the columns beside it are what queries filter on.
/// </summary>
internal sealed class DirectoryPersonRow
{
    public required string Id { get; set; }
    public required string Profile { get; set; }
    public bool Routable { get; set; }
    public bool ProfilePending { get; set; }
    public long SeenInRun { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public DirectoryEntry ToEntry() =>
        new(JsonSerializer.Deserialize<DirectoryPerson>(Profile, Json)!, ProfilePending, SeenInRun);

    public void Set(DirectoryEntry entry, DateTimeOffset now)
    {
        Profile = JsonSerializer.Serialize(entry.Person, Json);
        Routable = entry.Person.IsRoutable;
        ProfilePending = entry.ProfilePending;
        SeenInRun = entry.SeenInRun;
        UpdatedAt = now;
    }

    public static DirectoryPersonRow From(DirectoryEntry entry, DateTimeOffset now)
    {
        var row = new DirectoryPersonRow { Id = entry.Person.Id, Profile = "" };
        row.Set(entry, now);
        return row;
    }
}

/// <summary>The Graph sync checkpoint: one row.</summary>
internal sealed class DirectorySyncRow
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public SyncPhase Phase { get; set; }
    public long Run { get; set; }
    public string? NextLink { get; set; }
    public string? DeltaLink { get; set; }
    public int GroupIndex { get; set; }
    public DateTimeOffset? FullSyncCompletedAt { get; set; }

    public DirectorySyncState ToState() => new(Phase, Run, NextLink, DeltaLink, GroupIndex, FullSyncCompletedAt);

    public void Set(DirectorySyncState state)
    {
        (Phase, Run, NextLink, DeltaLink, GroupIndex, FullSyncCompletedAt) =
            (state.Phase, state.Run, state.NextLink, state.DeltaLink, state.GroupIndex, state.FullSyncCompletedAt);
    }
}

/// <summary>An expert's own settings, one JSON document per person.</summary>
internal sealed class ExpertPreferencesRow
{
    public required string PersonId { get; set; }
    public required string Preferences { get; set; }
}

internal sealed class DirectoryPersonConfiguration : IEntityTypeConfiguration<DirectoryPersonRow>
{
    public void Configure(EntityTypeBuilder<DirectoryPersonRow> row)
    {
        row.ToTable("directory_people");
        row.HasKey(r => r.Id);
        row.Property(r => r.Id).HasColumnName("id").HasMaxLength(64);
        row.Property(r => r.Profile).HasColumnName("profile");
        row.Property(r => r.Routable).HasColumnName("routable");
        row.Property(r => r.ProfilePending).HasColumnName("profile_pending");
        row.Property(r => r.SeenInRun).HasColumnName("seen_in_run");
        row.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        row.HasIndex(r => r.ProfilePending);
        row.HasIndex(r => r.Routable);
    }
}

internal sealed class DirectorySyncConfiguration : IEntityTypeConfiguration<DirectorySyncRow>
{
    public void Configure(EntityTypeBuilder<DirectorySyncRow> row)
    {
        row.ToTable("directory_sync");
        row.HasKey(r => r.Id);
        row.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        row.Property(r => r.Phase).HasColumnName("phase");
        row.Property(r => r.Run).HasColumnName("run");
        row.Property(r => r.NextLink).HasColumnName("next_link");
        row.Property(r => r.DeltaLink).HasColumnName("delta_link");
        row.Property(r => r.GroupIndex).HasColumnName("group_index");
        row.Property(r => r.FullSyncCompletedAt).HasColumnName("full_sync_completed_at");
    }
}

internal sealed class ExpertPreferencesConfiguration : IEntityTypeConfiguration<ExpertPreferencesRow>
{
    public void Configure(EntityTypeBuilder<ExpertPreferencesRow> row)
    {
        row.ToTable("expert_preferences");
        row.HasKey(r => r.PersonId);
        row.Property(r => r.PersonId).HasColumnName("person_id").HasMaxLength(64);
        row.Property(r => r.Preferences).HasColumnName("preferences");
    }
}
