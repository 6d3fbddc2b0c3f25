namespace LlmRouter.OpenAI; internal static class Placeholder { }
