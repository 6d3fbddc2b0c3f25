using Spectre.Console;

namespace LlmRouter.Cli.Output;

/// <summary>Creates the Spectre.Console console that draws tables, charts and progress on standard output.</summary>
internal static class ConsoleFactory
{
    /// <summary>Creates a console on the context's standard output.</summary>
    /// <param name="context">The run's context.</param>
    /// <returns>The console.</returns>
    public static IAnsiConsole Create(CliContext context)
    {
        var settings = context.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(context.Output),
            Ansi = settings.Ansi switch
            {
                true => AnsiSupport.Yes,
                false => AnsiSupport.No,
                null => AnsiSupport.Detect,
            },
            ColorSystem = settings.Ansi == false ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = settings.Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (settings.Width is { } width)
        {
            console.Profile.Width = width;
        }

        return console;
    }
}
