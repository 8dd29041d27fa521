using System.CommandLine;
using DataForge.Core.Errors;
using DataForge.Core.Manifests;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge manifest verify|refresh</c>: check shard files against a dataset manifest, or bring manifests up to date.</summary>
public static class ManifestCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var manifestPath = new Argument<string>("manifest") { Description = "The .manifest.json file." };
        var shards = new Option<string?>("--input", "-i") { Description = "Folder holding the shards (default: the manifest's shard_directory, relative to the manifest)." };
        var verify = new Command(
            "verify",
            "Check every listed shard's size and sha256, and that the folder holds no finished shard the manifest does not list; exit 1 on any problem.")
        {
            manifestPath, shards,
        };
        verify.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(manifestPath)!;
            var manifest = await ManifestStore.LoadAsync(path, ct).ConfigureAwait(false);
            // shard_directory is relative to the manifest, so a dataset copied as a whole is checked where the copy is.
            var directory = parse.GetValue(shards) ?? ManifestStore.ShardDirectoryOf(manifest, path);
            var problems = await ManifestStore.VerifyAsync(manifest, directory, ct).ConfigureAwait(false);
            foreach (var problem in problems)
            {
                await context.Output.WriteLineAsync(problem).ConfigureAwait(false);
            }

            await context.Output.WriteLineAsync(problems.Count == 0
                ? $"{manifest.Name}: {manifest.Shards.Count} shards, {manifest.TotalRows} rows verified"
                : $"{manifest.Name}: {problems.Count} problem(s) checking {manifest.Shards.Count} listed shards against {directory}").ConfigureAwait(false);

            // Extra shards fail like damaged ones: every later stage reads all finished shards of the folder, so the
            // folder is not the dataset the manifest describes.
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.FailedRows;
        });
        var files = new Argument<string[]>("manifests") { Description = "Manifest files to refresh.", Arity = ArgumentArity.ZeroOrMore };
        var folder = new Option<string?>("--dir") { Description = "Refresh every manifest in this folder, parents before the manifests derived from them." };
        var refresh = new Command("refresh", "Re-describe each manifest's shards from its shard folder and re-point derived_from hashes (the reduce step after job arrays).") { files, folder };
        refresh.SetAction(async (parse, ct) =>
        {
            var paths = parse.GetValue(files) ?? [];
            var directory = parse.GetValue(folder);
            if (paths.Length == 0 && directory is null)
            {
                throw new OptionsValidationException("manifests", "name manifest files or --dir");
            }

            var written = new List<string>();
            if (directory is not null)
            {
                written.AddRange(await ManifestRefresher.RefreshDirectoryAsync(directory, ct).ConfigureAwait(false));
            }

            foreach (var path in paths)
            {
                written.Add(await ManifestRefresher.RefreshAsync(path, ct).ConfigureAwait(false));
            }

            foreach (var path in written)
            {
                var manifest = await ManifestStore.LoadAsync(path, ct).ConfigureAwait(false);
                await context.Output.WriteLineAsync($"{path}: {manifest.Shards.Count} shards, {manifest.TotalRows} rows").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return new Command("manifest", "Work with dataset manifests.") { verify, refresh };
    }
}
