using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace LlmRouter.AspNetCore;

/// <summary>
/// Checks the caller key of a request against <see cref="LlmRouterGatewayOptions.ApiKeys"/>. Only SHA-256 hashes of the keys
/// are kept, and a presented key's hash is compared with every one of them in constant time, so neither the time taken nor
/// an early exit says which key, or how much of one, matched.
/// </summary>
internal sealed class CallerKeys
{
    private const int HashSize = 32;
    private const string BearerPrefix = "Bearer ";

    private readonly byte[][] _hashes;
    private readonly GatewayCaller[] _callers;

    public CallerKeys(IOptions<LlmRouterGatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = options.Value.ApiKeys;
        _hashes = new byte[keys.Count][];
        _callers = new GatewayCaller[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            _hashes[i] = SHA256.HashData(Encoding.UTF8.GetBytes(keys[i].Key));
            _callers[i] = new GatewayCaller(keys[i].Tenant);
        }
    }

    /// <summary>Gets a value indicating whether any key is configured (otherwise every caller is <see cref="GatewayCaller.Anonymous"/>).</summary>
    public bool Required => _hashes.Length > 0;

    /// <summary>Identifies a request's caller from its <c>Authorization: Bearer</c> or <c>api-key</c> header.</summary>
    /// <returns>The caller; <see langword="null"/> when keys are configured and the request carries none of them.</returns>
    public GatewayCaller? Identify(HttpRequest request)
    {
        if (!Required)
        {
            return GatewayCaller.Anonymous;
        }

        var presented = PresentedKey(request.Headers);
        return presented.IsEmpty ? null : Find(presented);
    }

    /// <summary>Finds the caller whose key is <paramref name="presented"/>, comparing with every key in constant time.</summary>
    public GatewayCaller? Find(ReadOnlySpan<char> presented)
    {
        Span<byte> hash = stackalloc byte[HashSize];
        var length = Encoding.UTF8.GetMaxByteCount(presented.Length);
        byte[]? rented = null;
        var utf8 = length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(presented, utf8);
            SHA256.HashData(utf8[..written], hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
            else
            {
                utf8.Clear();
            }
        }

        var match = -1;
        for (var i = 0; i < _hashes.Length; i++)
        {
            // No early exit: every key is compared, whichever matches.
            var equal = CryptographicOperations.FixedTimeEquals(hash, _hashes[i]);
            match = equal ? i : match;
        }

        return match < 0 ? null : _callers[match];
    }

    private static ReadOnlySpan<char> PresentedKey(IHeaderDictionary headers)
    {
        StringValues authorization = headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } value &&
            value.Length > BearerPrefix.Length && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return value.AsSpan(BearerPrefix.Length).Trim();
        }

        StringValues apiKey = headers["api-key"];
        return apiKey.Count == 1 && apiKey[0] is { Length: > 0 } key ? key.AsSpan().Trim() : default;
    }
}
