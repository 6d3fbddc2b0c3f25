using System.Runtime.ExceptionServices;

namespace LlmRouter.Ollama;

/// <summary>
/// A read-only stream over an NDJSON response that passes each line through an <see cref="OllamaLineGuard"/>, so errors sent mid-stream,
/// broken lines and cut-off streams surface as exceptions from the read OllamaSharp is doing; reads honour the caller's token.
/// </summary>
internal sealed class OllamaNdjsonGuardStream : Stream
{
    private readonly Stream _inner;
    private readonly OllamaLineGuard _guard;
    private readonly CancellationToken _callToken;
    private readonly byte[] _readBuffer = new byte[8192];
    private readonly MemoryStream _partialLine = new();
    private readonly MemoryStream _pending = new();
    private byte[] _out = [];
    private int _outPosition;
    private bool _ended;
    private Exception? _deferred;

    public OllamaNdjsonGuardStream(Stream inner, OllamaLineGuard guard, CancellationToken callToken)
    {
        _inner = inner;
        _guard = guard;
        _callToken = callToken;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_outPosition >= _out.Length)
        {
            if (_deferred is not null)
            {
                ThrowDeferred();
            }

            if (_ended)
            {
                return 0;
            }

            _callToken.ThrowIfCancellationRequested();
            Accept(_inner.Read(_readBuffer, 0, _readBuffer.Length));
        }

        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_outPosition >= _out.Length)
        {
            if (_deferred is not null)
            {
                ThrowDeferred();
            }

            if (_ended)
            {
                return 0;
            }

            int read;
            if (cancellationToken.CanBeCanceled && _callToken.CanBeCanceled)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _callToken);
                read = await _inner.ReadAsync(_readBuffer, linked.Token).ConfigureAwait(false);
            }
            else
            {
                read = await _inner.ReadAsync(_readBuffer, cancellationToken.CanBeCanceled ? cancellationToken : _callToken).ConfigureAwait(false);
            }

            Accept(read);
        }

        return CopyOut(buffer.Span);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _partialLine.Dispose();
            _pending.Dispose();
        }

        base.Dispose(disposing);
    }

    private int CopyOut(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _out.Length - _outPosition);
        _out.AsSpan(_outPosition, count).CopyTo(buffer);
        _outPosition += count;
        return count;
    }

    private void ThrowDeferred()
    {
        var error = _deferred!;
        _deferred = null;
        _ended = true;
        ExceptionDispatchInfo.Throw(error);
    }

    /// <summary>
    /// Splits what was read into lines and checks every complete one; at the end of the response, checks the rest and the final line.
    /// A failing line is reported on the next read, after the good lines before it have been passed on.
    /// </summary>
    private void Accept(int read)
    {
        _pending.SetLength(0);
        try
        {
            Split(read);
        }
        catch (OllamaWireException ex)
        {
            _deferred = ex;
        }

        _out = _pending.ToArray();
        _outPosition = 0;
    }

    private void Split(int read)
    {
        if (read == 0)
        {
            _ended = true;
            if (_partialLine.Length > 0)
            {
                Emit(_partialLine.GetBuffer().AsSpan(0, (int)_partialLine.Length));
                _partialLine.SetLength(0);
            }

            _guard.Complete();
        }
        else
        {
            var data = _readBuffer.AsSpan(0, read);
            while (!data.IsEmpty)
            {
                var newline = data.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    _partialLine.Write(data);
                    break;
                }

                if (_partialLine.Length > 0)
                {
                    _partialLine.Write(data[..newline]);
                    Emit(_partialLine.GetBuffer().AsSpan(0, (int)_partialLine.Length));
                    _partialLine.SetLength(0);
                }
                else
                {
                    Emit(data[..newline]);
                }

                data = data[(newline + 1)..];
            }
        }
    }

    private void Emit(ReadOnlySpan<byte> line)
    {
        if (_guard.ProcessLine(line) is { } checkedLine)
        {
            _pending.Write(checkedLine);
            _pending.WriteByte((byte)'\n');
        }
    }
}
