using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ExpertBot.Storage;

/// <summary>
/// Secrets the app makes for itself when configuration gives none (the embedded default's card signing key), kept in
/// the database so every instance on it uses the same one and a restart keeps it. Configure real deployments' secrets
/// instead; these exist so a fresh clone is secure without set-up.
/// </summary>
internal sealed class AppSecret
{
    public required string Name { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class AppSecretConfiguration : IEntityTypeConfiguration<AppSecret>
{
    public void Configure(EntityTypeBuilder<AppSecret> secret)
    {
        secret.ToTable("app_secrets");
        secret.HasKey(s => s.Name);
        secret.Property(s => s.Name).HasMaxLength(100);
        secret.Property(s => s.Value).HasMaxLength(1000);
    }
}

internal static class AppSecrets
{
    /// <summary>
    /// The stored secret named <paramref name="name"/>; the first caller (of any instance) stores <paramref name="create"/>'s
    /// value, every later one reads that same value.
    /// </summary>
    public static async Task<string> GetOrCreateAsync(ExpertBotDatabase database, string name, Func<string> create, TimeProvider time, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var candidate = create();
        // Insert-or-ignore: two instances starting at once both try, the first wins, both read the winner.
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "app_secrets" ("Name", "Value", "CreatedAt") VALUES ({name}, {candidate}, {database.Dialect.Time(time.GetUtcNow())}) ON CONFLICT ("Name") DO NOTHING""", ct);
        return await db.Set<AppSecret>().AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).SingleAsync(ct);
    }
}
