using Microsoft.Extensions.Options;

namespace LlmRouter;

/// <summary>Validates <see cref="LlmRouterOptions"/> at startup and reports every problem at once, the strategy name included.</summary>
internal sealed class LlmRouterOptionsValidator : IValidateOptions<LlmRouterOptions>
{
    private readonly Func<IEnumerable<string>>? _strategyNames;

    /// <param name="strategyNames">Lists the registered strategies' names, or <see langword="null"/> to leave the name unchecked.
    /// Called during validation, so strategies must not read the router's options while they are created.</param>
    public LlmRouterOptionsValidator(Func<IEnumerable<string>>? strategyNames = null)
    {
        _strategyNames = strategyNames;
    }

    /// <summary>Says that a strategy name is not registered, naming those that are.</summary>
    public static string UnknownStrategyMessage(string name, IEnumerable<string> registered) =>
        $"LlmRouter:Strategy '{name}' is not a registered routing strategy. Registered: {string.Join(", ", registered.Order(StringComparer.Ordinal))}.";

    public ValidateOptionsResult Validate(string? name, LlmRouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>(options.ConfigurationProblems ?? []);

        if (string.IsNullOrWhiteSpace(options.Strategy))
        {
            problems.Add("LlmRouter:Strategy must name a routing strategy (complexity, sequential, cost, latency or a registered one).");
        }
        else if (_strategyNames is not null)
        {
            var registered = _strategyNames().ToArray();
            if (!registered.Contains(options.Strategy, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add(UnknownStrategyMessage(options.Strategy, registered));
            }
        }

        var retry = options.Retry;
        if (retry.MaxRetries < 0 || retry.MaxRetries > LlmRouterDefaults.MaxRetriesLimit)
        {
            problems.Add($"LlmRouter:Retry:MaxRetries must be between 0 and {LlmRouterDefaults.MaxRetriesLimit}; it is {retry.MaxRetries}.");
        }

        // Delays are waited on by timers (the attempt deadline, Polly's retry delays), which cannot wait longer than LongestTimerDelay.
        var longest = LlmRouterDefaults.LongestTimerDelay;
        if (retry.BaseDelay <= TimeSpan.Zero || retry.BaseDelay > longest)
        {
            problems.Add($"LlmRouter:Retry:BaseDelay must be positive and at most {longest.TotalDays} days; it is {retry.BaseDelay}.");
        }

        if (retry.MaxDelay > longest)
        {
            problems.Add($"LlmRouter:Retry:MaxDelay must be at most {longest.TotalDays} days; it is {retry.MaxDelay}.");
        }
        else if (retry.MaxDelay < retry.BaseDelay)
        {
            problems.Add($"LlmRouter:Retry:MaxDelay ({retry.MaxDelay}) must be at least BaseDelay ({retry.BaseDelay}).");
        }

        if (options.AttemptTimeout != Timeout.InfiniteTimeSpan && (options.AttemptTimeout <= TimeSpan.Zero || options.AttemptTimeout > longest))
        {
            problems.Add($"LlmRouter:AttemptTimeout must be positive and at most {longest.TotalDays} days (or infinite, -00:00:00.001); it is {options.AttemptTimeout}.");
        }

        var cooldown = options.Cooldown;
        if (cooldown.FailureThreshold < 1)
        {
            problems.Add($"LlmRouter:Cooldown:FailureThreshold must be at least 1; it is {cooldown.FailureThreshold}.");
        }

        if (cooldown.Window <= TimeSpan.Zero)
        {
            problems.Add($"LlmRouter:Cooldown:Window must be positive; it is {cooldown.Window}.");
        }

        if (cooldown.Duration <= TimeSpan.Zero)
        {
            problems.Add($"LlmRouter:Cooldown:Duration must be positive; it is {cooldown.Duration}.");
        }

        if (!double.IsFinite(options.Smart.QualityTarget) || options.Smart.QualityTarget < 0 || options.Smart.QualityTarget > 1)
        {
            problems.Add($"LlmRouter:Smart:QualityTarget must be from 0 to 1; it is {options.Smart.QualityTarget}.");
        }

        if (options.Smart.OutcomesFile is { } file && (string.IsNullOrWhiteSpace(file) || file.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            problems.Add($"LlmRouter:Smart:OutcomesFile '{file}' is not a valid path.");
        }

        if (options.ContextTrimming.ReservedOutputTokens < 0)
        {
            problems.Add($"LlmRouter:ContextTrimming:ReservedOutputTokens must not be negative; it is {options.ContextTrimming.ReservedOutputTokens}.");
        }

        ValidateBudgets(options.Budgets, problems);
        var catalog = ValidateModels(options, problems);
        if (catalog is not null)
        {
            ValidateNames(catalog, options, problems);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void ValidateBudgets(BudgetOptions budgets, List<string> problems)
    {
        if (budgets.DailyLimit < 0)
        {
            problems.Add($"LlmRouter:Budgets:DailyLimit must not be negative; it is {budgets.DailyLimit}.");
        }

        if (budgets.MonthlyLimit < 0)
        {
            problems.Add($"LlmRouter:Budgets:MonthlyLimit must not be negative; it is {budgets.MonthlyLimit}.");
        }

        foreach (var (tenant, budget) in budgets.Tenants)
        {
            if (string.IsNullOrWhiteSpace(tenant))
            {
                problems.Add("LlmRouter:Budgets:Tenants has an empty tenant id.");
            }

            if (budget is null)
            {
                problems.Add($"LlmRouter:Budgets:Tenants:{tenant} is empty.");
                continue;
            }

            if (budget.DailyLimit < 0 || budget.MonthlyLimit < 0)
            {
                problems.Add($"LlmRouter:Budgets:Tenants:{tenant} limits must not be negative.");
            }
        }
    }

    private static ModelCatalog? ValidateModels(LlmRouterOptions options, List<string> problems)
    {
        var ok = true;
        for (var i = 0; i < options.AdditionalModels.Count; i++)
        {
            var m = options.AdditionalModels[i];
            var where = $"LlmRouter:AdditionalModels:{i}";
            if (m is null)
            {
                problems.Add($"{where} is empty.");
                ok = false;
                continue;
            }

            if (string.IsNullOrWhiteSpace(m.Provider) || string.IsNullOrWhiteSpace(m.Id))
            {
                problems.Add($"{where} needs a Provider and an Id.");
                ok = false;
            }

            if (m.ContextWindow < 0 || m.MaxOutputTokens < 0)
            {
                problems.Add($"{where} ({m.Key}) has a negative ContextWindow or MaxOutputTokens.");
            }

            if (m.Pricing is null || m.Pricing.InputPerMillion < 0 || m.Pricing.OutputPerMillion < 0 || m.Pricing.CachedInputPerMillion < 0 || m.Pricing.CacheWritePerMillion < 0)
            {
                problems.Add($"{where} ({m.Key}) needs Pricing with no negative price.");
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        try
        {
            return options.AdditionalModels.Count == 0 ? ModelCatalog.Default : ModelCatalog.Default.WithModels(options.AdditionalModels);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            problems.Add($"LlmRouter:AdditionalModels could not be added to the catalog: {ex.Message}");
            return null;
        }
    }

    private static void ValidateNames(ModelCatalog catalog, LlmRouterOptions options, List<string> problems)
    {
        void Check(string? modelName, string where)
        {
            if (string.IsNullOrWhiteSpace(modelName))
            {
                problems.Add($"{where} is empty.");
            }
            else if (!catalog.TryResolve(modelName, out _) && !options.Aliases.ContainsKey(modelName))
            {
                try
                {
                    catalog.Resolve(modelName);
                }
                catch (LlmException ex)
                {
                    problems.Add($"{where}: {ex.Message}");
                }
            }
        }

        for (var i = 0; i < options.FallbackChain.Count; i++)
        {
            Check(options.FallbackChain[i], $"LlmRouter:FallbackChain:{i}");
        }

        if (options.Models is { } models)
        {
            for (var i = 0; i < models.Count; i++)
            {
                Check(models[i], $"LlmRouter:Models:{i}");
            }
        }

        foreach (var (alias, target) in options.Aliases)
        {
            if (string.IsNullOrWhiteSpace(alias))
            {
                problems.Add("LlmRouter:Aliases has an empty alias.");
            }

            if (string.IsNullOrWhiteSpace(target) || !catalog.TryResolve(target, out _))
            {
                Check(target, $"LlmRouter:Aliases:{alias}");
            }
        }
    }
}
