namespace LlmRouter.Cli;

/// <summary>The exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>A runtime failure: no route, a provider error, an unknown model, a store that cannot be read.</summary>
    public const int Failure = 1;

    /// <summary>A usage error: an unknown command or option, a missing or malformed argument.</summary>
    public const int Usage = 2;

    /// <summary>The user interrupted the command (Ctrl+C), as shells report a SIGINT.</summary>
    public const int Interrupted = 130;
}
