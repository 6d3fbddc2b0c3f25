using LlmRouter.Gemini.Http;

namespace LlmRouter.Gemini.Tests.Http;

public sealed class GeminiApiTests
{
    [Theory]
    [InlineData("https://generativelanguage.googleapis.com", "https://generativelanguage.googleapis.com/v1beta/models/m:generateContent")]
    [InlineData("https://proxy.example/gemini/", "https://proxy.example/gemini/v1beta/models/m:generateContent")]
    [InlineData("https://proxy.example/v1beta", "https://proxy.example/v1beta/models/m:generateContent")]
    public void BuildBaseAddress_AddsTheApiVersionOnce(string endpoint, string expected)
    {
        var root = GeminiApi.BuildBaseAddress(new Uri(endpoint), GeminiProviderOptions.DefaultApiVersion);

        Assert.Equal(expected, new Uri(root, GeminiApi.ModelPath("models/m", "generateContent")).ToString());
    }

    [Theory]
    [InlineData("gemini-2.5-flash", "models/gemini-2.5-flash:generateContent")]
    [InlineData("models/gemini-2.5-flash", "models/gemini-2.5-flash:generateContent")]
    [InlineData("tunedModels/my-model", "tunedModels/my-model:generateContent")]
    public void ModelPath_AcceptsIdsAndResourceNames(string model, string expected)
    {
        Assert.Equal(expected, GeminiApi.ModelPath(model, "generateContent"));
    }
}
