using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LlmRouter;

/// <summary>
/// Binds <see cref="LlmRouterOptions"/> from configuration (<c>AddLlmRouter(IConfiguration)</c>) so that a value that does not convert
/// (<c>Retry:MaxRetries = "abc"</c>) does not hide the other problems: every such value is left out and noted on
/// <see cref="LlmRouterOptions.ConfigurationProblems"/>, the rest is bound, and the validator reports them all in one
/// <see cref="OptionsValidationException"/>.
/// </summary>
/// <remarks>
/// The binder stops at the first value it cannot convert, naming its path; so the configuration is first bound into a scratch
/// instance, and each failing path is hidden (<see cref="ConfigurationWithout"/>) until the rest binds. A valid configuration costs
/// one extra binding, once, at start-up. In collections the binder drops an element it cannot bind without a word (a tenant's
/// <c>DailyLimit = "lots"</c> would leave the tenant without a budget), so the elements of <see cref="LlmRouterOptions.AdditionalModels"/>
/// and <see cref="BudgetOptions.Tenants"/> are bound one by one to find those.
/// </remarks>
internal sealed class LlmRouterConfigurationBinder : IConfigureOptions<LlmRouterOptions>
{
    /// <summary>The collections of the options whose elements are bound from sections, with their element types.</summary>
    private static readonly (string Section, Type Element)[] Collections =
    [
        (nameof(LlmRouterOptions.AdditionalModels), typeof(ModelDescriptor)),
        ($"{nameof(LlmRouterOptions.Budgets)}:{nameof(BudgetOptions.Tenants)}", typeof(TenantBudget)),
    ];

    private readonly IConfiguration _configuration;

    public LlmRouterConfigurationBinder(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration;
    }

    public void Configure(LlmRouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var bindable = FindBindable(problems);
        if (bindable is not null)
        {
            try
            {
                bindable.Bind(options);
            }
            catch (InvalidOperationException ex)
            {
                // Only when an earlier configuration of the instance made a value fail that bound into a fresh one.
                problems.Add(SecretRedactor.MaskKeys(ex.Message));
            }
        }

        FindDroppedElements(problems);
        if (problems.Count > 0)
        {
            options.ConfigurationProblems = [.. options.ConfigurationProblems ?? [], .. problems];
        }
    }

    private void FindDroppedElements(List<string> problems)
    {
        foreach (var (section, type) in Collections)
        {
            foreach (var element in _configuration.GetSection(section).GetChildren())
            {
                try
                {
                    _ = element.Get(type);
                }
                catch (InvalidOperationException ex)
                {
                    var message = ex.Message.Contains(element.Path, StringComparison.OrdinalIgnoreCase) ? ex.Message : $"{element.Path}: {ex.Message}";
                    problems.Add(SecretRedactor.MaskKeys(message));
                }
            }
        }
    }

    /// <summary>Finds the configuration without the values that do not bind, noting each; <see langword="null"/> when a failure names no path (nothing is bound then).</summary>
    private IConfiguration? FindBindable(List<string> problems)
    {
        var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var current = _configuration;
        var paths = _configuration.AsEnumerable().Select(p => p.Key).ToArray();
        for (var i = 0; i <= paths.Length; i++)
        {
            try
            {
                current.Bind(new LlmRouterOptions());
                return current;
            }
            catch (InvalidOperationException ex)
            {
                problems.Add(SecretRedactor.MaskKeys(ex.Message));
                var failing = paths
                    .Where(p => p.Length > 0 && !ConfigurationWithout.IsExcluded(p, excluded) && ex.Message.Contains($"'{p}'", StringComparison.OrdinalIgnoreCase))
                    .MaxBy(p => p.Length);
                if (failing is null)
                {
                    return null;
                }

                excluded.Add(failing);
                current = new ConfigurationWithout(_configuration, excluded);
            }
        }

        return null;
    }
}
