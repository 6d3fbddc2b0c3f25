namespace LlmRouter.Anthropic; internal static class Placeholder { }
