using System.CommandLine;
using DataForge.Core.Errors;
using DataForge.Core.Manifests;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge manifest verify</c>: check shard files against a dataset manifest.</summary>
public static class ManifestCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var manifestPath = new Argument<string>("manifest") { Description = "The .manifest.json file." };
        var shards = new Option<string?>("--shards") { Description = "Folder holding the shards (default: the manifest's shard_directory, relative to the manifest)." };
        var verify = new Command("verify", "Check every shard's size and sha256 against the manifest; exit 1 on any mismatch.") { manifestPath, shards };
        verify.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(manifestPath)!;
            var manifest = await ManifestStore.LoadAsync(path, ct).ConfigureAwait(false);
            var directory = parse.GetValue(shards)
                ?? Path.GetFullPath(manifest.ShardDirectory, Path.GetDirectoryName(Path.GetFullPath(path))!);
            var problems = await ManifestStore.VerifyAsync(manifest, directory, ct).ConfigureAwait(false);
            foreach (var problem in problems)
            {
                await context.Output.WriteLineAsync(problem).ConfigureAwait(false);
            }

            await context.Output.WriteLineAsync(problems.Count == 0
                ? $"{manifest.Name}: {manifest.Shards.Count} shards, {manifest.TotalRows} rows verified"
                : $"{manifest.Name}: {problems.Count} of {manifest.Shards.Count} shards differ").ConfigureAwait(false);
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.FailedRows;
        });
        return new Command("manifest", "Work with dataset manifests.") { verify };
    }
}
