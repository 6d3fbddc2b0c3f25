using LlmRouter.Tests.Shared;

namespace LlmRouter.Ollama.Tests.TestSupport;

internal static class TestProviders
{
    /// <summary>A variable name no real environment sets, so tests never read or clobber OLLAMA_HOST or OLLAMA_API_KEY.</summary>
    public static string UniqueVariable(string prefix) => $"LLMROUTER_TEST_{prefix}_{Guid.NewGuid():N}";

    public static OllamaProvider For(LoopbackHttpServer server, Action<OllamaProviderOptions>? configure = null, TimeProvider? time = null, ModelCatalog? catalog = null)
    {
        var options = new OllamaProviderOptions { Endpoint = server.BaseAddress };
        configure?.Invoke(options);
        return new OllamaProvider(options, time, catalog, UniqueVariable("HOST"), UniqueVariable("KEY"));
    }

    /// <summary>An address on which nothing listens: a port the OS handed out and that was closed again.</summary>
    public static Uri ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
