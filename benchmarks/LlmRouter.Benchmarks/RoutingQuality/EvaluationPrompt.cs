using System.Text.Json;

namespace LlmRouter.Benchmarks.RoutingQuality;

/// <summary>One line of an outcomes file: a prompt and each model's score on it (DESIGN §10).</summary>
internal sealed record EvaluationPrompt(string Id, string Source, string Prompt, IReadOnlyDictionary<string, double> Scores, string Line)
{
    /// <summary>Gets the part of <see cref="Source"/> before its first <c>/</c> (<c>mmlu</c>, <c>gsm8k</c>).</summary>
    public string Family => Source.Split('/', 2)[0];

    /// <summary>Reads every non-blank line of a file; a bad line fails with its number.</summary>
    public static List<EvaluationPrompt> ReadFile(string path)
    {
        var prompts = new List<EvaluationPrompt>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var scores = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var score in root.GetProperty("scores").EnumerateObject())
                {
                    scores[score.Name] = score.Value.GetDouble();
                }

                var id = root.TryGetProperty("id", out var i) ? i.GetString() ?? $"line-{number}" : $"line-{number}";
                var source = root.TryGetProperty("source", out var s) ? s.GetString() ?? "unknown" : "unknown";
                prompts.Add(new EvaluationPrompt(id, source, root.GetProperty("prompt").GetString() ?? string.Empty, scores, line));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}:{number}: not an outcome line ({ex.Message}).", ex);
            }
        }

        return prompts;
    }

    /// <summary>Splits prompts by a stable hash of their id: about <paramref name="percent"/> % go to the held-out part.</summary>
    public static (List<EvaluationPrompt> Train, List<EvaluationPrompt> HeldOut) Split(IEnumerable<EvaluationPrompt> prompts, int percent) =>
        Split(prompts, 0, percent);

    /// <summary>
    /// Splits prompts by a stable hash of their id into 100 buckets: those in buckets <paramref name="from"/> (inclusive) to
    /// <paramref name="to"/> (exclusive) go to the held-out part, so disjoint ranges give disjoint folds.
    /// </summary>
    public static (List<EvaluationPrompt> Train, List<EvaluationPrompt> HeldOut) Split(IEnumerable<EvaluationPrompt> prompts, int from, int to)
    {
        var train = new List<EvaluationPrompt>();
        var heldOut = new List<EvaluationPrompt>();
        foreach (var prompt in prompts)
        {
            (Bucket(prompt.Id) is var bucket && bucket >= from && bucket < to ? heldOut : train).Add(prompt);
        }

        return (train, heldOut);
    }

    // FNV-1a over the id's UTF-16 code units: the same split on every machine and run.
    private static int Bucket(string id)
    {
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % 100);
    }
}
