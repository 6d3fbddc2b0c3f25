using System.Buffers.Binary;
using System.Text;

namespace LlmRouter.Redis;

/// <summary>
/// Encodes a usage record as a sorted-set member: a version byte, a unique id (so that rewriting a batch after a lost reply
/// adds nothing twice, and equal records stay distinct), then the fields in little-endian binary with length-prefixed UTF-8
/// strings; about 100 bytes for a typical record. Its score is the record's Unix time in milliseconds.
/// </summary>
internal static class UsageRecordCodec
{
    private const byte Version = 1;

    // Bits of the flags word (the eighth 64-bit field, reserved and 0 before records could be estimated).
    private const long EstimatedFlag = 1;
    private const int FixedSize = 1 + 16 + (8 * 8) + 2 + 16 + 4 + 1 + 1 + 1;

    /// <summary>Gets the score of a time: its Unix time in whole milliseconds, rounded down.</summary>
    /// <param name="utcTicks">The time in UTC ticks.</param>
    /// <returns>The score.</returns>
    public static double Score(long utcTicks)
    {
        // In whole numbers: ticks since 1970 pass 2^53, so dividing them as doubles could round up across a millisecond.
        var ticks = utcTicks - DateTime.UnixEpoch.Ticks;
        var milliseconds = ticks / TimeSpan.TicksPerMillisecond;
        return ticks % TimeSpan.TicksPerMillisecond < 0 ? milliseconds - 1 : milliseconds;
    }

    /// <summary>Encodes a record.</summary>
    /// <param name="record">The record.</param>
    /// <param name="id">Its unique id.</param>
    /// <returns>The member.</returns>
    public static byte[] Encode(UsageRecord record, Guid id)
    {
        var entry = UsageEntry.FromRecord(record);
        var provider = entry.Provider ?? string.Empty;
        var model = entry.Model ?? string.Empty;
        var tenant = entry.Tenant;
        var size = FixedSize + StringSize(provider) + StringSize(model) + (tenant is null ? 0 : StringSize(tenant));
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Version;
        id.TryWriteBytes(span[1..]);
        var at = 17;
        WriteInt64(span, ref at, entry.UtcTicks);
        WriteInt64(span, ref at, entry.InputTokens);
        WriteInt64(span, ref at, entry.OutputTokens);
        WriteInt64(span, ref at, entry.CachedInputTokens);
        WriteInt64(span, ref at, entry.ReasoningTokens);
        WriteInt64(span, ref at, entry.DurationTicks);
        WriteInt64(span, ref at, entry.TimeToFirstTokenTicks);
        WriteInt64(span, ref at, entry.Estimated ? EstimatedFlag : 0); // flags; 0 in what earlier builds wrote, and skipped by them
        BinaryPrimitives.WriteInt16LittleEndian(span[at..], entry.OffsetMinutes);
        at += 2;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(entry.Cost, bits);
        foreach (var b in bits)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], b);
            at += 4;
        }

        BinaryPrimitives.WriteInt32LittleEndian(span[at..], entry.Attempt);
        at += 4;
        span[at++] = entry.Success ? (byte)1 : (byte)0;
        span[at++] = entry.Error;
        span[at++] = tenant is null ? (byte)0 : (byte)1;
        WriteString(span, ref at, provider);
        WriteString(span, ref at, model);
        if (tenant is not null)
        {
            WriteString(span, ref at, tenant);
        }

        return buffer;
    }

    /// <summary>Decodes a member.</summary>
    /// <param name="member">The member.</param>
    /// <param name="entry">The record's fields.</param>
    /// <returns><see langword="false"/> when the member is not a record this version wrote.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> member, out UsageEntry entry)
    {
        entry = default;
        if (member.Length < FixedSize || member[0] != Version)
        {
            return false;
        }

        var at = 17;
        entry.UtcTicks = ReadInt64(member, ref at);
        entry.InputTokens = ReadInt64(member, ref at);
        entry.OutputTokens = ReadInt64(member, ref at);
        entry.CachedInputTokens = ReadInt64(member, ref at);
        entry.ReasoningTokens = ReadInt64(member, ref at);
        entry.DurationTicks = ReadInt64(member, ref at);
        entry.TimeToFirstTokenTicks = ReadInt64(member, ref at);
        var flags = ReadInt64(member, ref at);
        entry.OffsetMinutes = BinaryPrimitives.ReadInt16LittleEndian(member[at..]);
        at += 2;
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(member[at..]);
            at += 4;
        }

        try
        {
            entry.Cost = new decimal(bits);
        }
        catch (ArgumentException)
        {
            return false;
        }

        entry.Attempt = BinaryPrimitives.ReadInt32LittleEndian(member[at..]);
        at += 4;
        entry.Success = member[at++] != 0;
        entry.Estimated = (flags & EstimatedFlag) != 0;
        entry.Error = member[at++];
        var hasTenant = member[at++] != 0;
        if (!TryReadString(member, ref at, out var provider) || !TryReadString(member, ref at, out var model))
        {
            return false;
        }

        entry.Provider = provider;
        entry.Model = model;
        if (hasTenant)
        {
            if (!TryReadString(member, ref at, out var tenant))
            {
                return false;
            }

            entry.Tenant = tenant;
        }

        return at == member.Length;
    }

    /// <summary>Decodes a member back to the record it was made from.</summary>
    /// <param name="member">The member.</param>
    /// <returns>The record, or <see langword="null"/> when the member is not a record this version wrote.</returns>
    public static UsageRecord? Decode(ReadOnlySpan<byte> member) => TryDecode(member, out var entry) ? entry.ToRecord() : null;

    private static int StringSize(string value) => 4 + Encoding.UTF8.GetByteCount(value);

    private static void WriteInt64(Span<byte> span, ref int at, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], value);
        at += 8;
    }

    private static long ReadInt64(ReadOnlySpan<byte> span, ref int at)
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(span[at..]);
        at += 8;
        return value;
    }

    private static void WriteString(Span<byte> span, ref int at, string value)
    {
        var length = Encoding.UTF8.GetBytes(value, span[(at + 4)..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], length);
        at += 4 + length;
    }

    private static bool TryReadString(ReadOnlySpan<byte> span, ref int at, out string value)
    {
        value = string.Empty;
        if (span.Length - at < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        if (length < 0 || length > span.Length - at - 4)
        {
            return false;
        }

        value = Encoding.UTF8.GetString(span.Slice(at + 4, length));
        at += 4 + length;
        return true;
    }
}
