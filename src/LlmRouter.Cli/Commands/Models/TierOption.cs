using System.CommandLine;

namespace LlmRouter.Cli.Commands.Models;

/// <summary>An option naming a <see cref="ModelTier"/>, ignoring case; anything else is a usage error listing the tiers.</summary>
/// <remarks>A string option parsed here rather than an <c>Option&lt;ModelTier?&gt;</c>: that generic instantiation would be compiled
/// at every start (it cannot be precompiled across assemblies), and <c>models list</c> has a start-up budget.</remarks>
internal static class TierOption
{
    /// <summary>The tiers' names as the option takes them, in order (<see cref="ModelTier"/>'s names, lower-cased).</summary>
    public const string Names = "local|fast|balanced|smart|frontier";

    /// <summary>Creates the option.</summary>
    /// <param name="name">The option's name (<c>--tier</c>).</param>
    /// <param name="description">What it does.</param>
    /// <returns>The option; its value is a tier's name, checked by <see cref="Parse"/>.</returns>
    public static Option<string?> Create(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = Names };
        option.Validators.Add(result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (Parse(text) is null)
            {
                result.AddError($"Unknown tier '{text}': use one of {Names.Replace("|", ", ", StringComparison.Ordinal)}.");
            }
        });
        option.CompletionSources.Add(Names.Split('|'));
        return option;
    }

    /// <summary>Reads a tier's name, ignoring case.</summary>
    /// <param name="text">The name.</param>
    /// <returns>The tier, or <see langword="null"/> when <paramref name="text"/> names none (numbers included).</returns>
    public static ModelTier? Parse(string? text)
    {
        var names = Names.Split('|');
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return (ModelTier)i;
            }
        }

        return null;
    }
}
