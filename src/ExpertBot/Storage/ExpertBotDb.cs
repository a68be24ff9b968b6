using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ExpertBot.Storage;

/// <summary>
/// The one model. Features add tables with an <see cref="IEntityTypeConfiguration{TEntity}"/> in their own folder and
/// use <c>db.Set&lt;T&gt;()</c>, so this class never changes for them. Two derived contexts exist only so each provider has
/// its own migrations folder (a migration is bound to a context type).
/// </summary>
internal abstract class ExpertBotDb(DbContextOptions options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ExpertBotDb).Assembly);
}

internal sealed class SqliteExpertBotDb(DbContextOptions<SqliteExpertBotDb> options) : ExpertBotDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        // SQLite has no timestamp type and EF cannot compare or order DateTimeOffset stored as text there; UTC ticks
        // in an INTEGER compare correctly in SQL (the job claim query depends on it) and lose nothing.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
}

internal sealed class PostgresExpertBotDb(DbContextOptions<PostgresExpertBotDb> options) : ExpertBotDb(options);

internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite context without starting the app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteExpertBotDb>
{
    public SqliteExpertBotDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteExpertBotDb>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL context; it never connects.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresExpertBotDb>
{
    public PostgresExpertBotDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresExpertBotDb>().UseNpgsql("Host=localhost;Database=expertbot").Options);
}
