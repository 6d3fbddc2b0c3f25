using System.Net;

namespace LlmRouter.Tests.Shared;

/// <summary>An in-process HTTP handler for what the text-only loopback server cannot send: Bedrock's binary event streams.</summary>
internal sealed class StubHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _responses = new();

    public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

    /// <summary>Answers with an AWS event stream made of <paramref name="messages"/>; with <paramref name="cutAfter"/>, the body breaks off after that many.</summary>
    public StubHandler RespondEventStream(IEnumerable<byte[]> messages, int? cutAfter = null)
    {
        var list = messages.ToList();
        _responses.Enqueue(() =>
        {
            var content = new StreamContent(new ChunkedStream(list, cutAfter));
            content.Headers.ContentType = new("application/vnd.amazon.eventstream");
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
            response.Headers.TryAddWithoutValidation("x-amzn-bedrock-content-type", "application/json");
            return response;
        });
        return this;
    }

    /// <summary>Answers with a whole body and the given status and headers (an AWS error: <c>x-amzn-ErrorType</c>, <c>{"message":…}</c>).</summary>
    public StubHandler Respond(int status, string body, IDictionary<string, string>? headers = null)
    {
        _responses.Enqueue(() =>
        {
            var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        });
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        return _responses.Count > 0 ? _responses.Dequeue()() : new HttpResponseMessage(HttpStatusCode.InternalServerError);
    }

    /// <summary>Returns one message per read, then ends or breaks off.</summary>
    private sealed class ChunkedStream(List<byte[]> messages, int? cutAfter) : Stream
    {
        private int _index;
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (cutAfter is { } cut && _index >= cut)
            {
                throw new IOException("The response ended prematurely.");
            }

            if (_index >= messages.Count)
            {
                return 0;
            }

            var message = messages[_index];
            var n = Math.Min(buffer.Length, message.Length - _offset);
            message.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            if (_offset == message.Length)
            {
                _index++;
                _offset = 0;
            }

            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
