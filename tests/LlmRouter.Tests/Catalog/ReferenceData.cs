namespace LlmRouter.Tests.Catalog;

/// <summary>Finds the shared reference data that sits beside the repository (<c>&lt;parent&gt;/shared/data/reference</c>).</summary>
internal static class ReferenceData
{
    private const string RelativePath = "shared/data/reference/litellm-model-prices.json";

    private static readonly Lazy<string> LazyPriceMapPath = new(FindPriceMap);

    /// <summary>Gets the path of LiteLLM's price map; throws with a clear message when it cannot be found.</summary>
    public static string PriceMapPath => LazyPriceMapPath.Value;

    public static FileStream OpenPriceMap() => File.OpenRead(PriceMapPath);

    private static string FindPriceMap()
    {
        var searched = new List<string>();
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            searched.Add(candidate);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"LiteLLM's price map '{RelativePath}' was not found beside the repository (expected '<parent of the repo>/{RelativePath}'). "
            + $"Copy the shared folder next to the clone. Searched: {string.Join("; ", searched)}");
    }
}
