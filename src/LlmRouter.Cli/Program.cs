using LlmRouter.Cli;

await using var context = CliContext.FromProcess();
return await CliApplication.RunAsync(args, context);
