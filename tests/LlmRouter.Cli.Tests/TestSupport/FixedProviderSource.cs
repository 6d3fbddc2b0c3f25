using LlmRouter.Cli.Hosting;
using Microsoft.Extensions.Configuration;

namespace LlmRouter.Cli.Tests.TestSupport;

/// <summary>Gives the CLI the providers a test made instead of the provider packages'.</summary>
internal sealed class FixedProviderSource(params ILlmProvider[] providers) : IProviderSource
{
    public IReadOnlyList<ILlmProvider> GetProviders(IConfiguration configuration) =>
        [.. providers.OrderBy(p => p.Name, StringComparer.Ordinal)];
}
