namespace LlmRouter.Bedrock; internal static class Placeholder { }
