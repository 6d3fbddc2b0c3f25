using System.ClientModel.Primitives;

namespace LlmRouter.OpenAI;

/// <summary>Adds fixed headers (<see cref="OpenAIProviderOptions.Headers"/>) to every request.</summary>
internal sealed class HeadersPolicy : PipelinePolicy
{
    private readonly KeyValuePair<string, string>[] _headers;

    public HeadersPolicy(IEnumerable<KeyValuePair<string, string>> headers) => _headers = headers.ToArray();

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void Apply(PipelineMessage message)
    {
        foreach (var (name, value) in _headers)
        {
            message.Request.Headers.Set(name, value);
        }
    }
}
