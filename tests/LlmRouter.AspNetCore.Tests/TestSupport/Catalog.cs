namespace LlmRouter.AspNetCore.Tests.TestSupport;

/// <summary>Models the tests route to, from the built-in catalog.</summary>
internal static class Catalog
{
    public const string Mini = "openai/gpt-4o-mini";
    public const string Haiku = "anthropic/claude-haiku-4-5";
    public const string Embedding = "openai/text-embedding-3-small";
}
