using Microsoft.Extensions.Configuration;

namespace LlmRouter.Cli.Configuration;

/// <summary>
/// The configuration the CLI runs with, read the way a host reads it: a JSON file (<c>appsettings.json</c> in the working directory,
/// or <c>--config FILE</c>), then <c>LlmRouter__…</c> environment variables on top (<c>LlmRouter__Strategy=cost</c> is <c>LlmRouter:Strategy</c>).
/// </summary>
internal sealed class CliConfiguration
{
    /// <summary>The section the router's options, providers and store are read from.</summary>
    public const string SectionName = "LlmRouter";

    /// <summary>The file read when <c>--config</c> is not given and it exists in the working directory.</summary>
    public const string DefaultFileName = "appsettings.json";

    /// <summary>The prefix of the environment variables read (before <c>__</c> is turned into <c>:</c>).</summary>
    public const string EnvironmentPrefix = "LlmRouter__";

    private CliConfiguration(IConfigurationRoot root, string? file, IReadOnlyList<string> fromEnvironment)
    {
        Root = root;
        File = file;
        FromEnvironment = fromEnvironment;
    }

    /// <summary>Gets the whole configuration (the provider packages read <c>LlmRouter:Providers:&lt;name&gt;</c> from it).</summary>
    public IConfigurationRoot Root { get; }

    /// <summary>Gets the <c>LlmRouter</c> section.</summary>
    public IConfigurationSection Router => Root.GetSection(SectionName);

    /// <summary>Gets the full path of the JSON file read, or <see langword="null"/> when none was.</summary>
    public string? File { get; }

    /// <summary>Gets the configuration keys set by environment variables.</summary>
    public IReadOnlyList<string> FromEnvironment { get; }

    /// <summary>Tells, without reading anything, whether there is any configuration: a <c>--config</c> file, an <c>appsettings.json</c>
    /// in the working directory, or an <c>LlmRouter__…</c> environment variable.</summary>
    /// <param name="configFile">The <c>--config</c> file, or <see langword="null"/>.</param>
    /// <param name="workingDirectory">The working directory.</param>
    /// <param name="environment">The environment variables.</param>
    /// <returns><see langword="false"/> when every setting is the library's default.</returns>
    public static bool Exists(string? configFile, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        if (configFile is not null || System.IO.File.Exists(Path.Combine(workingDirectory, DefaultFileName)))
        {
            return true;
        }

        foreach (var name in environment.Keys)
        {
            if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the configuration.</summary>
    /// <param name="configFile">The <c>--config</c> file, relative to the working directory, or <see langword="null"/>.</param>
    /// <param name="workingDirectory">The working directory.</param>
    /// <param name="environment">The environment variables.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="CliUsageException">The <c>--config</c> file does not exist.</exception>
    /// <exception cref="CliFailureException">The file is not valid JSON.</exception>
    public static CliConfiguration Load(string? configFile, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        string? file = null;
        if (configFile is not null)
        {
            file = Path.GetFullPath(configFile, workingDirectory);
            if (!System.IO.File.Exists(file))
            {
                throw new CliUsageException($"The configuration file '{configFile}' does not exist (looked for {file}).");
            }
        }
        else
        {
            var candidate = Path.Combine(workingDirectory, DefaultFileName);
            file = System.IO.File.Exists(candidate) ? candidate : null;
        }

        var fromEnvironment = new List<string>();
        var variables = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in environment)
        {
            if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > EnvironmentPrefix.Length)
            {
                var key = name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
                variables[key] = value;
                fromEnvironment.Add(key);
            }
        }

        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            builder.AddJsonFile(file, optional: false, reloadOnChange: false);
        }

        builder.AddInMemoryCollection(variables);
        try
        {
            fromEnvironment.Sort(StringComparer.OrdinalIgnoreCase);
            return new CliConfiguration(builder.Build(), file, fromEnvironment);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new CliFailureException($"The configuration file '{file}' cannot be read: {ex.Message}", ex);
        }
    }
}
