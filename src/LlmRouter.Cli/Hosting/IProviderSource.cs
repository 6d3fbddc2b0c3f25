using Microsoft.Extensions.Configuration;

namespace LlmRouter.Cli.Hosting;

/// <summary>Where the CLI's providers come from: the provider packages in the tool, or fakes in tests.</summary>
internal interface IProviderSource
{
    /// <summary>Gets every provider the CLI knows, configured or not, created once per run.</summary>
    /// <param name="configuration">The configuration providers read their settings from (<c>LlmRouter:Providers:&lt;name&gt;</c>).</param>
    /// <returns>The providers, ordered by name.</returns>
    IReadOnlyList<ILlmProvider> GetProviders(IConfiguration configuration);
}
