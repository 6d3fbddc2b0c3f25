using System.Text;
using System.Text.Json;

namespace LlmRouter;

/// <summary>Reads and writes outcome lines (DESIGN §10's format), checking every line before anything is used.</summary>
internal static class OutcomeLines
{
    /// <summary>Reads every line of a stream into outcomes, or throws for the first bad line with its number.</summary>
    /// <param name="stream">UTF-8 JSON lines; blank lines are skipped.</param>
    /// <param name="resolveModel">Turns a model name into its catalog key; throws <see cref="LlmException"/> for unknown names.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InvalidDataException">A line is not a valid outcome line.</exception>
    public static async ValueTask<List<RoutingOutcome>> ReadAsync(Stream stream, Func<string, string> resolveModel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var outcomes = new List<RoutingOutcome>();
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                Parse(line, number, resolveModel, outcomes);
            }
        }

        return outcomes;
    }

    /// <summary>Writes outcomes one a line, each a valid line for <see cref="ReadAsync"/>.</summary>
    public static async ValueTask WriteAsync(Stream stream, IEnumerable<RoutingOutcome> outcomes, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        foreach (var outcome in outcomes)
        {
            var line = new OutcomeLineDto
            {
                Source = outcome.Source,
                Prompt = outcome.Prompt,
                Scores = new() { [outcome.Model] = outcome.Quality },
                OutputTokens = outcome.OutputTokens is { } tokens ? new() { [outcome.Model] = tokens } : null,
            };
            JsonSerializer.Serialize(buffer, line, OutcomeJsonContext.Default.OutcomeLineDto);
            buffer.WriteByte((byte)'\n');
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    private static void Parse(string line, int number, Func<string, string> resolveModel, List<RoutingOutcome> outcomes)
    {
        OutcomeLineDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(line, OutcomeJsonContext.Default.OutcomeLineDto);
        }
        catch (JsonException ex)
        {
            throw Bad(number, $"is not an outcome object: {ex.Message}", ex);
        }

        if (dto is null)
        {
            throw Bad(number, "is null, not an outcome object.");
        }

        if (string.IsNullOrWhiteSpace(dto.Prompt))
        {
            throw Bad(number, "has no \"prompt\".");
        }

        if (dto.Scores is not { Count: > 0 })
        {
            throw Bad(number, "has no \"scores\" (an object of model name → 0..1).");
        }

        foreach (var (name, quality) in dto.Scores)
        {
            if (!double.IsFinite(quality) || quality < 0 || quality > 1)
            {
                throw Bad(number, $"scores model '{name}' {quality}; a score is from 0 to 1.");
            }

            string model;
            try
            {
                model = resolveModel(name);
            }
            catch (LlmException ex)
            {
                throw Bad(number, $"names model '{name}', which the catalog does not know; declare it with LlmRouterOptions.AdditionalModels. {ex.Message}", ex);
            }

            int? tokens = null;
            if (dto.OutputTokens is { } lengths && lengths.TryGetValue(name, out var length))
            {
                if (length < 0)
                {
                    throw Bad(number, $"gives model '{name}' {length} output tokens; a count is never negative.");
                }

                tokens = length;
            }

            outcomes.Add(new RoutingOutcome(dto.Prompt, model, quality) { OutputTokens = tokens, Source = dto.Source });
        }
    }

    private static InvalidDataException Bad(int number, string problem, Exception? inner = null) =>
        new($"Outcome line {number} {problem} Nothing was imported.", inner);
}
