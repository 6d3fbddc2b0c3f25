using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Tests.TestSupport;

/// <summary>
/// A provider's chat client that misbehaves at random, deterministically: what a call does is drawn from its request's id (read from
/// the prompt, <c>[tenant#id]</c>), its model and how many times that request called this model, hashed with a seed; so the same
/// seed gives the same faults whatever the threads' order. It bills like the worst tokenizer (a token per UTF-8 byte) and counts,
/// per tenant, every call, every call it completed, and what it billed, to check the router's books against.
/// </summary>
internal sealed class ChaosChatClient : IChatClient
{
    private readonly ModelDescriptor _model;
    private readonly ulong _seed;
    private readonly (Fault Fault, int Weight)[] _faults;
    private readonly int _totalWeight;
    private readonly FakeTimeProvider _time;
    private readonly ConcurrentDictionary<(int Request, string Model), int>? _attempts;
    private readonly long[] _drawn = new long[Enum.GetValues<Fault>().Length];
    private readonly Lock _gate = new();
    private readonly Dictionary<string, decimal> _billedByTenant = new(StringComparer.Ordinal);
    private long _calls;
    private long _completed;
    private long _reported;
    private long _inputTokens;
    private long _outputTokens;

    /// <param name="model">The model the client serves.</param>
    /// <param name="seed">The seed of every draw.</param>
    /// <param name="faults">What calls do, with weights.</param>
    /// <param name="time">The clock a hanging call waits on.</param>
    /// <param name="countAttempts">Whether a request's later calls (retries) draw anew; without, the client keeps nothing per request.</param>
    public ChaosChatClient(ModelDescriptor model, ulong seed, (Fault Fault, int Weight)[] faults, FakeTimeProvider time, bool countAttempts = true)
    {
        _attempts = countAttempts ? new() : null;
        _model = model;
        _seed = seed;
        _faults = faults;
        _totalWeight = faults.Sum(f => f.Weight);
        _time = time;
    }

    public static TimeSpan ShortRetryAfter { get; } = TimeSpan.FromMilliseconds(300);

    public static TimeSpan LongRetryAfter { get; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Gets how many calls reached the client.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Gets how many calls it answered in full (a response returned, a stream read to its end with at least one update).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Gets how many calls reported usage (those answered in full, and some cut off after their usage came).</summary>
    public long Reported => Interlocked.Read(ref _reported);

    /// <summary>Gets the input tokens of the usage it reported.</summary>
    public long InputTokens => Interlocked.Read(ref _inputTokens);

    /// <summary>Gets the output tokens of the usage it reported.</summary>
    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    /// <summary>Gets how many calls drew a fault.</summary>
    public long Drawn(Fault fault) => Interlocked.Read(ref _drawn[(int)fault]);

    /// <summary>Gets what it billed each tenant: the price of every usage it reported.</summary>
    public IReadOnlyDictionary<string, decimal> BilledByTenant
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, decimal>(_billedByTenant, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Writes a request's prompt so that the client can read its tenant and id.</summary>
    public static string Tag(string tenant, int id) => $"[{tenant}#{id}]";

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var (tenant, id) = Read(list);
        var fault = Draw(id);
        await Task.Yield();
        switch (fault)
        {
            case Fault.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
                break;
            case Fault.Malformed:
                throw new JsonException("'<' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 0.");
            case Fault.Cut:
                throw new IOException("The response ended prematurely.");
            case Fault.Empty:
                return null!; // a client that answers nothing at all
            case not Fault.None:
                throw Error(fault);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var usage = Bill(tenant, list, options);
        Interlocked.Increment(ref _completed);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, $"answer {id} from {_model.Key}")) { Usage = usage, ModelId = _model.Id };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        StreamAsync(messages as IReadOnlyList<ChatMessage> ?? messages.ToList(), options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static (string Tenant, int Id) Read(IReadOnlyList<ChatMessage> messages)
    {
        var text = messages.First(m => m.Role == ChatRole.User).Text;
        var open = text.IndexOf('[', StringComparison.Ordinal);
        var hash = text.IndexOf('#', open);
        var close = text.IndexOf(']', hash);
        return (text[(open + 1)..hash], int.Parse(text.AsSpan((hash + 1)..close), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static ulong Mix(ulong x)
    {
        // SplitMix64: a stable hash, the same in every process.
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var (tenant, id) = Read(messages);
        var fault = Draw(id);
        var roll = Mix(_seed ^ (ulong)id ^ 0x5EED);
        await Task.Yield();
        switch (fault)
        {
            case Fault.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
                break;
            case Fault.Empty:
                yield break;
            case Fault.Malformed or Fault.Cut:
                break; // fail midway, below
            case not Fault.None:
                throw Error(fault);
        }

        var words = $"answer {id} from {_model.Key}, in several parts".Split(' ');
        var cutAfter = fault is Fault.Malformed or Fault.Cut ? 1 + (int)(roll % 3) : int.MaxValue;
        for (var i = 0; i < words.Length; i++)
        {
            if (i == cutAfter)
            {
                if ((roll >> 8) % 2 == 0)
                {
                    // Some providers send usage before the connection drops; the router must count it.
                    yield return new ChatResponseUpdate { Contents = [new UsageContent(Bill(tenant, messages, options))] };
                }

                throw fault == Fault.Malformed
                    ? new JsonException("Unexpected end of data while reading an event.")
                    : new IOException("The response ended prematurely.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]) { MessageId = $"{_model.Id}-{id}" };
        }

        cancellationToken.ThrowIfCancellationRequested();
        yield return new ChatResponseUpdate { Contents = [new UsageContent(Bill(tenant, messages, options))], FinishReason = ChatFinishReason.Stop };
        Interlocked.Increment(ref _completed);
    }

    private Fault Draw(int id)
    {
        var attempt = _attempts?.AddOrUpdate((id, _model.Key), 0, static (_, n) => n + 1) ?? 0;
        var roll = (int)(Mix(_seed ^ Mix((ulong)id ^ ((ulong)StableHash(_model.Key) << 24)) ^ ((ulong)attempt << 48)) % (ulong)_totalWeight);
        foreach (var (fault, weight) in _faults)
        {
            if (roll < weight)
            {
                Interlocked.Increment(ref _drawn[(int)fault]);
                return fault;
            }

            roll -= weight;
        }

        return Fault.None;
    }

    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private UsageDetails Bill(string tenant, IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        long input = 3;
        foreach (var m in messages)
        {
            input += 4 + Encoding.UTF8.GetByteCount(m.Text);
        }

        long output = options?.MaxOutputTokens ?? 32;
        var usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
        Interlocked.Increment(ref _reported);
        Interlocked.Add(ref _inputTokens, input);
        Interlocked.Add(ref _outputTokens, output);
        var cost = _model.Pricing.CalculateCost(usage);
        lock (_gate)
        {
            _billedByTenant[tenant] = _billedByTenant.GetValueOrDefault(tenant) + cost;
        }

        return usage;
    }

    private static Exception Error(Fault fault) => fault switch
    {
        Fault.RateLimited => new LlmException(LlmErrorKind.RateLimited, "429 Too Many Requests") { StatusCode = 429 },
        Fault.RateLimitedShortRetryAfter => new LlmException(LlmErrorKind.RateLimited, "429 Too Many Requests") { StatusCode = 429, RetryAfter = ShortRetryAfter },
        Fault.RateLimitedLongRetryAfter => new LlmException(LlmErrorKind.RateLimited, "429 Too Many Requests") { StatusCode = 429, RetryAfter = LongRetryAfter },
        Fault.Unavailable => new LlmException(LlmErrorKind.Unavailable, "503 Service Unavailable") { StatusCode = 503 },
        Fault.ServerError => new HttpRequestException("Internal Server Error", null, HttpStatusCode.InternalServerError),
        Fault.Authentication => new LlmException(LlmErrorKind.Authentication, "401 invalid key sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34") { StatusCode = 401 },
        Fault.QuotaExhausted => new LlmException(LlmErrorKind.QuotaExhausted, "402 quota exhausted") { StatusCode = 402 },
        Fault.ContextTooLong => new LlmException(LlmErrorKind.ContextTooLong, "400 context length exceeded") { StatusCode = 400 },
        Fault.InvalidRequest => new LlmException(LlmErrorKind.InvalidRequest, "400 invalid request") { StatusCode = 400 },
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
    };
}
