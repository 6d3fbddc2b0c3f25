using LlmRouter.Cli;

// Synchronous on purpose: an async Main would start the thread pool before any command needs it (see CliApplication.Run).
var context = CliContext.FromProcess();
try
{
    return CliApplication.Run(args, context);
}
finally
{
    context.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
