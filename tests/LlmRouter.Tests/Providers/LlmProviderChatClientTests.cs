using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmRouter.Tests.Providers;

/// <summary>The provider contract every package's chat client inherits: mapping, stamping, redaction, and the stream loop.</summary>
public class LlmProviderChatClientTests
{
    private const string Secret = "sk-test-0123456789abcdefSECRET";

    [Fact]
    public async Task GetResponseAsync_InnerFailure_IsMappedStampedAndRedacted()
    {
        var client = new TestClient(new ScriptedClient { Failure = new HttpRequestException($"503 from gateway, key {Secret}") });

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.Equal("test", ex.Provider);
        Assert.Equal("model-a", ex.Model);
        Assert.Equal(503, ex.StatusCode);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains(ProviderSettings.Mask(Secret), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_CallsModelFromOptions_IsTheErrorsModel()
    {
        var client = new TestClient(new ScriptedClient { Failure = new IOException("reset") });

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync("hi", new ChatOptions { ModelId = "model-b" }));

        Assert.Equal("model-b", ex.Model);
    }

    [Fact]
    public async Task GetResponseAsync_CallerError_PropagatesUnchanged()
    {
        var error = new NotSupportedException("no");
        var client = new TestClient(new ScriptedClient { Failure = error });

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("hi"));

        Assert.Same(error, ex);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailureBeforeFirstUpdate_IsTheMappedKind()
    {
        var client = new TestClient(new ScriptedClient { Failure = new HttpRequestException("429") { Data = { ["status"] = 429 } } });

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetStreamingResponseAsync("hi").ToListAsync().AsTask());

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Null(ex.PartialText);
        Assert.Equal(TimeSpan.FromSeconds(2), ex.RetryAfter);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailureAfterFirstUpdate_IsStreamInterruptedWithPartialTextAndCause()
    {
        var client = new TestClient(new ScriptedClient { Updates = ["Hel", "lo"], Failure = new HttpRequestException($"503 cut, key {Secret}") });
        var received = new List<string>();

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi"))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal(["Hel", "lo"], received);
        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal("Hello", ex.PartialText);
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal("test", ex.Provider);
        Assert.Equal("model-a", ex.Model);
        Assert.Contains(nameof(LlmErrorKind.Unavailable), ex.Message, StringComparison.Ordinal);
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.Unavailable, cause.Kind);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ContentFilteredAfterFirstUpdate_KeepsItsKindWithPartialText()
    {
        var client = new TestClient(new ScriptedClient { Updates = ["Once"] }) { FilterAtEnd = true };

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetStreamingResponseAsync("hi").ToListAsync().AsTask());

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
        Assert.Equal("Once", ex.PartialText);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancellation_PropagatesUnchanged()
    {
        using var cts = new CancellationTokenSource();
        var client = new TestClient(new ScriptedClient { Updates = ["a", "b"], CancelAfterFirst = cts });

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetStreamingResponseAsync("hi", cancellationToken: cts.Token).ToListAsync().AsTask());

        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_OtherFailureOnceCancelled_IsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var client = new TestClient(new ScriptedClient { Failure = new IOException("aborted") });

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetStreamingResponseAsync("hi", cancellationToken: cts.Token).ToListAsync().AsTask());

        Assert.IsType<IOException>(ex.InnerException);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LlmExceptionFromInner_IsStampedNotRemapped()
    {
        var client = new TestClient(new ScriptedClient { Failure = new LlmException(LlmErrorKind.ModelNotFound, "no such model") });

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetStreamingResponseAsync("hi").ToListAsync().AsTask());

        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
        Assert.Equal("test", ex.Provider);
        Assert.Equal(0, client.Mapped);
    }

    /// <summary>A provider client whose mapping reads the status from the message, as a package's mapper reads it from the wire.</summary>
    private sealed class TestClient(IChatClient inner) : LlmProviderChatClient(inner, "test", "model-a", [Secret, null])
    {
        public bool FilterAtEnd { get; init; }

        public int Mapped { get; private set; }

        protected override LlmException MapException(Exception exception, string modelId)
        {
            Mapped++;
            var status = exception.Message.StartsWith("429", StringComparison.Ordinal) ? 429 : exception.Message.StartsWith("503", StringComparison.Ordinal) ? 503 : (int?)null;
            var kind = status is { } s ? LlmErrorClassification.FromStatusCode(s) : LlmErrorKind.Unavailable;
            return new LlmException(kind, $"failed: {exception.Message}", exception) { StatusCode = status, RetryAfter = status == 429 ? TimeSpan.FromSeconds(2) : null };
        }

        protected override async IAsyncEnumerable<ChatResponseUpdate> ProcessStream(IAsyncEnumerable<ChatResponseUpdate> updates, string modelId, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            if (FilterAtEnd)
            {
                throw new LlmException(LlmErrorKind.ContentFiltered, "filtered");
            }
        }
    }

    private sealed class ScriptedClient : IChatClient
    {
        public string[] Updates { get; init; } = [];

        public Exception? Failure { get; init; }

        public CancellationTokenSource? CancelAfterFirst { get; init; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Failure is null ? Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(Updates)))) : Task.FromException<ChatResponse>(Failure);

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var text in Updates)
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, text);
                if (CancelAfterFirst is { } cts)
                {
                    await cts.CancelAsync();
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            if (Failure is not null)
            {
                throw Failure;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
