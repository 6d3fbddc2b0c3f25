using System.Text.RegularExpressions;

namespace LlmRouter.Benchmarks.RoutingQuality;

/// <summary>
/// The baseline the <c>smart</c> strategy is compared with: a plain tf-idf nearest-neighbour router. Prompts are bags of
/// lower-cased words weighted by tf-idf (idf from the train prompts); a test prompt's score is the mean advantage of the
/// strong model (strong − weak) over its <see cref="Neighbours"/> most cosine-similar train prompts, unweighted.
/// </summary>
internal sealed partial class TfIdfKnnBaseline
{
    public const int Neighbours = 128;

    private readonly Dictionary<string, int> _vocabulary = new(StringComparer.Ordinal);
    private readonly List<List<(int Row, float Weight)>> _postings = [];
    private readonly double[] _idf;
    private readonly double[] _advantage;

    public TfIdfKnnBaseline(IReadOnlyList<EvaluationPrompt> train, string weak, string strong)
    {
        var documents = train.Select(p => Terms(p.Prompt)).ToArray();
        var df = new List<int>();
        foreach (var terms in documents)
        {
            foreach (var term in terms.Keys)
            {
                if (!_vocabulary.TryGetValue(term, out var id))
                {
                    _vocabulary[term] = id = _vocabulary.Count;
                    df.Add(0);
                    _postings.Add([]);
                }

                df[id]++;
            }
        }

        _idf = df.Select(d => Math.Log((1.0 + train.Count) / (1.0 + d)) + 1).ToArray();
        _advantage = train.Select(p => p.Scores[strong] - p.Scores[weak]).ToArray();
        for (var row = 0; row < documents.Length; row++)
        {
            foreach (var (id, weight) in Vector(documents[row]))
            {
                _postings[id].Add((row, (float)weight));
            }
        }
    }

    /// <summary>Scores a prompt: the higher, the sooner it goes to the strong model.</summary>
    public double Score(string prompt)
    {
        var similarity = new float[_advantage.Length];
        foreach (var (id, weight) in Vector(Terms(prompt)))
        {
            foreach (var (row, w) in _postings[id])
            {
                similarity[row] += (float)weight * w;
            }
        }

        var top = Enumerable.Range(0, similarity.Length).OrderByDescending(i => similarity[i]).Take(Neighbours);
        return top.Average(i => _advantage[i]);
    }

    private IEnumerable<(int Id, double Weight)> Vector(Dictionary<string, int> terms)
    {
        var known = terms.Where(t => _vocabulary.ContainsKey(t.Key)).Select(t => (Id: _vocabulary[t.Key], Weight: (1 + Math.Log(t.Value)) * _idf[_vocabulary[t.Key]])).ToArray();
        var norm = Math.Sqrt(known.Sum(t => t.Weight * t.Weight));
        return norm == 0 ? [] : known.Select(t => (t.Id, t.Weight / norm));
    }

    private static Dictionary<string, int> Terms(string text)
    {
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match match in Word().Matches(text.ToLowerInvariant()))
        {
            terms[match.Value] = terms.GetValueOrDefault(match.Value) + 1;
        }

        return terms;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
