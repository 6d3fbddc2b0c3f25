using System.CommandLine;

namespace LlmRouter.Cli.Commands.Models;

/// <summary>An option naming a <see cref="ModelTier"/>, ignoring case; anything else is a usage error listing the tiers.</summary>
internal static class TierOption
{
    /// <summary>Creates the option.</summary>
    /// <param name="name">The option's name (<c>--tier</c>).</param>
    /// <param name="description">What it does.</param>
    /// <returns>The option.</returns>
    public static Option<ModelTier?> Create(string name, string description)
    {
        var names = Enum.GetNames<ModelTier>().Select(n => n.ToLowerInvariant()).ToArray();
        var option = new Option<ModelTier?>(name)
        {
            Description = description,
            HelpName = string.Join('|', names),
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (text.Length > 0 && !char.IsAsciiDigit(text[0]) && Enum.TryParse<ModelTier>(text, ignoreCase: true, out var tier) && Enum.IsDefined(tier))
                {
                    return tier;
                }

                result.AddError($"Unknown tier '{text}': use one of {string.Join(", ", names)}.");
                return null;
            },
        };
        option.CompletionSources.Add(names);
        return option;
    }
}
