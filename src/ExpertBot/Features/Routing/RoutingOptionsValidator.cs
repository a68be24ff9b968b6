using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Routing;

/// <summary>Refuses a pool configuration that would misroute questions or leave nobody to tell, naming the pool and the key.</summary>
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static List<string> Problems(RoutingOptions options)
    {
        var problems = new List<string>();
        if (options.DefaultDailyInvitations is < 1 or > 1000)
        {
            problems.Add($"Routing:DefaultDailyInvitations must be 1 to 1000 (it is {options.DefaultDailyInvitations}).");
        }
        if (options.RefreshInterval < TimeSpan.FromSeconds(10) || options.RefreshInterval > TimeSpan.FromDays(1))
        {
            problems.Add($"Routing:RefreshInterval must be between 00:00:10 and 1.00:00:00 (it is {options.RefreshInterval}).");
        }
        if (options.LoadCacheTime < TimeSpan.Zero || options.LoadCacheTime > TimeSpan.FromMinutes(1))
        {
            problems.Add($"Routing:LoadCacheTime must be between 00:00:00 and 00:01:00 (it is {options.LoadCacheTime}).");
        }
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var products = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Pools.Count; i++)
        {
            var pool = options.Pools[i];
            var at = $"Routing:Pools:{i}";
            if (string.IsNullOrWhiteSpace(pool.Name))
            {
                problems.Add($"{at}:Name is required.");
            }
            else
            {
                at = $"{at} ('{pool.Name}')";
                if (!names.TryAdd(pool.Name.Trim(), i))
                {
                    problems.Add($"{at}: the name is already used by Routing:Pools:{names[pool.Name.Trim()]}; pool names must be unique.");
                }
            }
            if (pool.ExpertsPerStep is < 1 or > 10)
            {
                problems.Add($"{at}: ExpertsPerStep must be 1 to 10 (it is {pool.ExpertsPerStep}).");
            }
            if (pool.MaxSteps is < 1 or > 5)
            {
                problems.Add($"{at}: MaxSteps must be 1 to 5 (it is {pool.MaxSteps}).");
            }
            if (pool.InvitationTimeout < TimeSpan.FromMinutes(1) || pool.InvitationTimeout > TimeSpan.FromDays(7))
            {
                problems.Add($"{at}: InvitationTimeout must be between 00:01:00 and 7.00:00:00 (it is {pool.InvitationTimeout}).");
            }
            if (!Enum.IsDefined(pool.Delivery))
            {
                problems.Add($"{at}: Delivery must be Channel, Direct or Both.");
            }
            if (pool.Delivery is PoolDelivery.Channel or PoolDelivery.Both && (Blank(pool.TeamId) || Blank(pool.ChannelId)))
            {
                problems.Add($"{at}: Delivery {pool.Delivery} needs TeamId and ChannelId (the experts' channel); set them or use Delivery Direct.");
            }
            if (!Blank(pool.ChannelId) && Blank(pool.TeamId))
            {
                problems.Add($"{at}: ChannelId needs the TeamId of its team.");
            }
            if (!Blank(pool.Fallback.ChannelId) && Blank(pool.TeamId))
            {
                problems.Add($"{at}: Fallback:ChannelId is a channel of the pool's team, so TeamId is required.");
            }
            Blanks(pool.Products, $"{at}: Products", problems);
            Blanks(pool.Topics, $"{at}: Topics", problems);
            Blanks(pool.Members, $"{at}: Members", problems);
            foreach (var product in pool.Products.Where(p => !Blank(p)))
            {
                if (products.TryGetValue(product.Trim(), out var owner))
                {
                    problems.Add($"{at}: product '{product}' is already taken by pool '{owner}'; a product belongs to one pool.");
                }
                else
                {
                    products[product.Trim()] = pool.Name;
                }
            }
        }
        return problems;
    }

    private static void Blanks(List<string> values, string what, List<string> problems)
    {
        if (values.Any(Blank))
        {
            problems.Add($"{what} has an empty entry.");
        }
    }

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);
}
