using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace LlmRouter;

/// <summary>A read-only view of a configuration (or section) that hides some paths and everything under them.</summary>
internal sealed class ConfigurationWithout : IConfigurationSection
{
    private readonly IConfiguration _inner;
    private readonly IReadOnlySet<string> _excluded;

    /// <param name="inner">The configuration.</param>
    /// <param name="excluded">Full paths to hide (compared ignoring case, as configuration keys are).</param>
    public ConfigurationWithout(IConfiguration inner, IReadOnlySet<string> excluded)
    {
        _inner = inner;
        _excluded = excluded;
    }

    public string Key => (_inner as IConfigurationSection)?.Key ?? string.Empty;

    public string Path => (_inner as IConfigurationSection)?.Path ?? string.Empty;

    public string? Value
    {
        get => _inner is IConfigurationSection section && !IsExcluded(section.Path, _excluded) ? section.Value : null;
        set => throw new NotSupportedException("This view of the configuration is read-only.");
    }

    public string? this[string key]
    {
        get => GetSection(key).Value;
        set => throw new NotSupportedException("This view of the configuration is read-only.");
    }

    /// <summary>Tells whether a path is hidden: it is an excluded path or under one.</summary>
    public static bool IsExcluded(string path, IReadOnlySet<string> excluded)
    {
        if (excluded.Contains(path))
        {
            return true;
        }

        foreach (var hidden in excluded)
        {
            if (path.Length > hidden.Length && path[hidden.Length] == ':' && path.StartsWith(hidden, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public IConfigurationSection GetSection(string key) => new ConfigurationWithout(_inner.GetSection(key), _excluded);

    public IEnumerable<IConfigurationSection> GetChildren() =>
        _inner.GetChildren().Where(c => !IsExcluded(c.Path, _excluded)).Select(c => new ConfigurationWithout(c, _excluded));

    public IChangeToken GetReloadToken() => _inner.GetReloadToken();
}
