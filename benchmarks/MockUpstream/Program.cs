// The mock upstream of the gateway benchmark (benchmarks/gateway/run.sh): an OpenAI-compatible endpoint that reads the
// request body and answers a prepared chat completion, as fast as Kestrel allows, so that what is measured is the gateway.
//   dotnet run -c Release --project benchmarks/MockUpstream -- --urls http://127.0.0.1:9101
using System.Text;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

var completion = Encoding.UTF8.GetBytes(
    """{"id":"chatcmpl-bench","object":"chat.completion","created":1764547200,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help you today?","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":9,"total_tokens":18,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}},"system_fingerprint":"fp_bench"}""");
var models = Encoding.UTF8.GetBytes("""{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":1,"owned_by":"openai"}]}""");

async Task Complete(HttpContext context)
{
    // Read the whole body, as a real server must, then answer.
    var reader = context.Request.BodyReader;
    while (true)
    {
        var read = await reader.ReadAsync();
        reader.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted)
        {
            break;
        }
    }

    context.Response.ContentType = "application/json";
    context.Response.ContentLength = completion.Length;
    await context.Response.Body.WriteAsync(completion);
}

app.MapPost("/v1/chat/completions", Complete);
app.MapPost("/chat/completions", Complete);
app.MapGet("/v1/models", context =>
{
    context.Response.ContentType = "application/json";
    return context.Response.Body.WriteAsync(models).AsTask();
});
app.Run();
