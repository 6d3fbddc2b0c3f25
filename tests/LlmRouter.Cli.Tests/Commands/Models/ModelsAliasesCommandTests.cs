using LlmRouter.Cli.Tests.TestSupport;

namespace LlmRouter.Cli.Tests.Commands.Models;

public sealed class ModelsAliasesCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task ModelsAliases_Json_MapsEveryAliasToItsModelKey()
    {
        var result = await _cli.RunAsync("models", "aliases", "--json");

        Assert.Equal(0, result.ExitCode);
        var expected = ModelCatalog.Default.Models.SelectMany(m => m.Aliases.Select(a => (a, m.Key))).OrderBy(p => p.a, StringComparer.OrdinalIgnoreCase);
        var actual = result.Json().EnumerateObject().Select(p => (p.Name, p.Value.GetString()!));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task ModelsAliases_Table_ListsAliasAndModel()
    {
        var result = await _cli.RunAsync("models", "aliases");

        Assert.Equal(0, result.ExitCode);
        var model = ModelCatalog.Default.Resolve("claude-sonnet");
        Assert.Contains(result.Output.Split('\n'), l => l.Contains("claude-sonnet ", StringComparison.Ordinal) && l.Contains(model.Key, StringComparison.Ordinal));
    }
}
