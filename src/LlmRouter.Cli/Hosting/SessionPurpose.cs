namespace LlmRouter.Cli.Hosting;

/// <summary>What a command needs the router for, which decides the providers it gets.</summary>
internal enum SessionPurpose
{
    /// <summary>Sending requests (<c>chat</c>, <c>compare</c>): the configured providers; none is a failure.</summary>
    Send,

    /// <summary>Planning only (<c>route --explain</c>): the configured providers, or, when none is, the whole catalog as if every provider were.</summary>
    Plan,

    /// <summary>Reading usage (<c>usage</c>): the store only, no provider.</summary>
    Usage,
}
