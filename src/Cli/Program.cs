using DataForge.Cli;

return await CliApplication.RunProcessAsync(args).ConfigureAwait(false);
