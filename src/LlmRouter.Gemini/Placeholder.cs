namespace LlmRouter.Gemini; internal static class Placeholder { }
