using System.Buffers.Binary;
using System.Text;

namespace LlmRouter.Tests.Shared;

/// <summary>Frames Anthropic stream events as Bedrock's <c>invoke-with-response-stream</c> does: AWS event-stream messages
/// (<c>application/vnd.amazon.eventstream</c>) whose payload is <c>{"bytes":"&lt;base64 event JSON&gt;"}</c>.</summary>
internal static class AwsEventStream
{
    private static readonly uint[] Table = BuildTable();

    public static byte[] Chunk(string eventJson) =>
        Message(
            [(":event-type", "chunk"), (":content-type", "application/json"), (":message-type", "event")],
            Encoding.UTF8.GetBytes($"{{\"bytes\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(eventJson))}\",\"p\":\"abcdefgh\"}}"));

    public static byte[] Exception(string exceptionType, string message) =>
        Message(
            [(":exception-type", exceptionType), (":content-type", "application/json"), (":message-type", "exception")],
            Encoding.UTF8.GetBytes($"{{\"message\":\"{message}\"}}"));

    public static byte[] Message(IReadOnlyList<(string Name, string Value)> headers, byte[] payload)
    {
        var headerBytes = new MemoryStream();
        foreach (var (name, value) in headers)
        {
            var n = Encoding.UTF8.GetBytes(name);
            var v = Encoding.UTF8.GetBytes(value);
            headerBytes.WriteByte((byte)n.Length);
            headerBytes.Write(n);
            headerBytes.WriteByte(7); // string
            headerBytes.WriteByte((byte)(v.Length >> 8));
            headerBytes.WriteByte((byte)v.Length);
            headerBytes.Write(v);
        }

        var h = headerBytes.ToArray();
        var total = 12 + h.Length + payload.Length + 4;
        var message = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(0), (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), (uint)h.Length);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), Crc32(message.AsSpan(0, 8)));
        h.CopyTo(message, 12);
        payload.CopyTo(message, 12 + h.Length);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(total - 4), Crc32(message.AsSpan(0, total - 4)));
        return message;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
