namespace LlmRouter;

/// <summary>Finds the catalog names closest to a name that was not found, for "did you mean" messages.</summary>
internal static class ModelNameSuggester
{
    /// <summary>Returns up to <paramref name="max"/> close matches, best first.</summary>
    /// <param name="query">The unknown name.</param>
    /// <param name="models">The catalog's models, in catalog order.</param>
    /// <param name="max">The most suggestions to return.</param>
    /// <returns>
    /// Suggested names: the model's key when its key or id matched, the alias itself when an alias matched.
    /// A name matches when its optimal-string-alignment (Damerau–Levenshtein) distance to the query, ignoring case,
    /// is small for its length, or when one contains the other. Closer names come first, then catalog order.
    /// </returns>
    public static IReadOnlyList<string> Suggest(string query, IReadOnlyList<ModelDescriptor> models, int max = 3)
    {
        var q = query.Trim().ToLowerInvariant();
        if (q.Length == 0 || max <= 0)
        {
            return [];
        }

        var threshold = Math.Clamp(q.Length / 4, 1, 3);
        var best = new Dictionary<string, (int Distance, int Order)>(StringComparer.OrdinalIgnoreCase);
        var order = 0;
        foreach (var model in models)
        {
            Consider(model.Key, model.Key);
            Consider(model.Id, model.Key);
            foreach (var alias in model.Aliases)
            {
                Consider(alias, alias);
            }
        }

        return best
            .OrderBy(p => p.Value.Distance)
            .ThenBy(p => p.Value.Order)
            .Take(max)
            .Select(p => p.Key)
            .ToArray();

        void Consider(string name, string display)
        {
            order++;
            var n = name.ToLowerInvariant();
            var contains = (q.Length >= 3 && n.Contains(q, StringComparison.Ordinal))
                || (n.Length >= 4 && q.Contains(n, StringComparison.Ordinal));
            var limit = contains ? int.MaxValue : threshold;
            if (!contains && Math.Abs(n.Length - q.Length) > threshold)
            {
                return;
            }

            var distance = Distance(q, n);
            if (distance > limit)
            {
                return;
            }

            if (!best.TryGetValue(display, out var seen))
            {
                best[display] = (distance, order);
            }
            else if (distance < seen.Distance)
            {
                best[display] = (distance, seen.Order);
            }
        }
    }

    /// <summary>The optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    /// <param name="a">The first string.</param>
    /// <param name="b">The second string.</param>
    /// <returns>The number of edits that turn <paramref name="a"/> into <paramref name="b"/>.</returns>
    internal static int Distance(string a, string b)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
