using System.Text;
using System.Text.Json;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// Pulls JSON tokens from a stream with a bounded buffer (<see cref="Utf8JsonReader"/> over refilled chunks), so
/// a large JSON document is read without holding it in memory. Scalars are exposed as text.
/// </summary>
internal sealed class JsonTokenStream : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _final;
    private JsonReaderState _state;

    public JsonTokenStream(Stream stream) => _stream = stream;

    public JsonTokenType TokenType { get; private set; }

    /// <summary>Gets the current property name or scalar as text (null for null and structural tokens).</summary>
    public string? Text { get; private set; }

    public int Depth { get; private set; }

    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                TokenType = reader.TokenType;
                Depth = reader.CurrentDepth;
                Text = reader.TokenType switch
                {
                    JsonTokenType.String or JsonTokenType.PropertyName => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
                    JsonTokenType.True => "true",
                    JsonTokenType.False => "false",
                    _ => null,
                };
                _start += (int)reader.BytesConsumed;
                _state = reader.CurrentState;
                return true;
            }

            if (_final)
            {
                return false;
            }

            _start += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            Refill();
        }
    }

    /// <summary>Skips the value that starts at the current token (a scalar is already consumed).</summary>
    public void SkipValue()
    {
        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var depth = Depth;
        while (Read() && !(Depth == depth && TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray))
        {
        }
    }

    public void Dispose() => _stream.Dispose();

    private void Refill()
    {
        var remaining = _end - _start;
        if (remaining == _buffer.Length)
        {
            // One token is larger than the buffer: grow it rather than fail on long captions.
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
        }

        _start = 0;
        _end = remaining;
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        _final = read == 0;
    }
}
