namespace LlmRouter.Ollama; internal static class Placeholder { }
