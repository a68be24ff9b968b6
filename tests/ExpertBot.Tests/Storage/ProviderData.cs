using System.Reflection;
using Xunit.Sdk;

namespace ExpertBot.Tests.Storage;

/// <summary>Runs a storage theory on SQLite.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteDataAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[TestDatabase.Sqlite]];
}

/// <summary>Runs a storage theory on PostgreSQL; skipped when its binaries are missing, except under CI (test.sh installs them).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresDataAttribute : DataAttribute
{
    public PostgresDataAttribute()
    {
        if (PostgresServer.BinDirectory is null && !SharedFolder.MustRun)
        {
            Skip = "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (run ./test.sh, which installs them)";
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[TestDatabase.Postgres]];
}
