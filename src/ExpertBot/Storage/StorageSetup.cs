using ExpertBot.Storage.Jobs;

namespace ExpertBot.Storage;

internal static class StorageSetup
{
    /// <summary>
    /// The database (SQLite file by default, PostgreSQL by configuration), migrated before anything else starts, and
    /// the durable job queue with its worker. Features register job handlers with <c>AddJobHandler</c>.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .Configure<IConfiguration>((o, configuration) => o.ConnectionString = configuration.GetConnectionString("ExpertBot"))
            .ValidateDataAnnotations()
            .Validate(o => o.Provider != StorageProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage:Provider is Postgres but ConnectionStrings:ExpertBot is empty.")
            .ValidateOnStart();
        services.AddOptions<JobOptions>()
            .BindConfiguration(JobOptions.Section)
            .Validate(o => JobOptions.Check(o) is null, "Storage:Jobs has an invalid value (see JobOptions.Check for the ranges).")
            .ValidateOnStart();

        services.AddSingleton<ExpertBotDatabase>();
        services.AddScoped(sp => sp.GetRequiredService<ExpertBotDatabase>().CreateContext());
        services.AddHostedService<DatabaseMigrator>();

        services.AddSingleton<JobSignal>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobEffects>();
        // Crash tests register an ICrashInjector; production has none, and every crash point is a no-op.
        services.AddSingleton<CrashPoints>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<JobQueue>());
        services.AddHostedService<JobWorker>();
        return services;
    }

    /// <summary>Migrates in StartingAsync, which the host runs before any hosted service's StartAsync (queue, worker, server).</summary>
    private sealed class DatabaseMigrator(ExpertBotDatabase database, ILogger<DatabaseMigrator> logger) : IHostedLifecycleService
    {
        public async Task StartingAsync(CancellationToken cancellationToken)
        {
            await database.MigrateAsync(cancellationToken);
            Log.Migrated(logger, database.Provider);
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
