namespace DataForge.Cli.Commands;

/// <summary>
/// The examples printed at the end of each command's <c>--help</c>: real command lines (a test parses every one with
/// the real command tree), keyed by the command's path without the leading <c>dataforge</c>.
/// </summary>
public static class CommandExamples
{
    /// <summary>Gets the examples of every command.</summary>
    public static IReadOnlyDictionary<string, string[]> All { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [""] =
        [
            "dataforge demo",
            "dataforge ingest -i laion-part-00000.parquet --url-column URL --caption-column TEXT -o shards/images",
        ],
        ["caption"] =
        [
            "dataforge caption --model models/llava-hf/llava-interleave-qwen-0.5b-hf -i shards/images -o shards/captioned",
            "dataforge caption --model models/llava -i shards/images -o shards/captioned --batch-size 8 --max-new-tokens 256",
        ],
        ["demo"] = ["dataforge demo", "dataforge demo --work-dir /tmp/df-demo --images 64 --train-steps 40"],
        ["doctor"] = ["dataforge doctor", "dataforge doctor --work-dir /scratch/shards --min-free-gb 200"],
        ["ingest"] =
        [
            "dataforge ingest -i laion-part-00000.parquet --url-column URL --caption-column TEXT --passthrough-column similarity -o shards/images",
            "dataforge ingest -i photos/ --image-size 512 --resize-mode center_crop -o shards/photos",
        ],
        ["nounstats"] =
        [
            "dataforge nounstats -i shards/captioned --caption-column caption -i shards/captioned --caption-column dense_caption -o report",
            "dataforge nounstats -i coco_captions.json --caption-column caption -o report --no-paper-reference",
        ],
        ["nounstats train-tagger"] = ["dataforge nounstats train-tagger --treebank ud/UD_English-EWT -o en_ewt_tagger.bin"],
        ["shapeworld"] = ["dataforge shapeworld generate --count 1000 --seed 3 -o shapes", "dataforge shapeworld eval-captioner --model models/shapeworld-captioner --count 1000"],
        ["shapeworld generate"] = ["dataforge shapeworld generate --count 1000 --seed 3 -o shapes", "dataforge shapeworld generate --count 200 --start-index 10000000 -o held-out"],
        ["shapeworld train-captioner"] = ["dataforge shapeworld train-captioner -o models/shapeworld-captioner --run-dir runs/captioner --seed 0", "dataforge shapeworld train-captioner -o my-captioner --steps 300 --batch-size 16"],
        ["shapeworld prompts"] = ["dataforge shapeworld prompts -o prompts.json --count 200 --seed 0", "dataforge shapeworld prompts -o small.json --count 40 --seed 7"],
        ["shapeworld judge"] = ["dataforge shapeworld judge -i samples --prompts prompts.json -o judged", "dataforge shapeworld judge -i runs/dense/samples --prompts prompts.json -o judged/dense --resamples 2000 --seed 1"],
        ["shapeworld experiment"] = ["dataforge shapeworld experiment -o experiment --vae models/shapeworld-vae --text-encoder models/shapeworld-t5 --count 20000", "dataforge shapeworld experiment -o /tmp/exp --tiny-random-models --count 16 --train-steps 4 --prompts 8"],
        ["shapeworld eval-captioner"] = ["dataforge shapeworld eval-captioner --model models/shapeworld-captioner --count 1000", "dataforge shapeworld eval-captioner --model my-captioner --count 200 --examples 5"],
        ["shapeworld train-vae"] = ["dataforge shapeworld train-vae -o models/shapeworld-vae --seed 0 --steps 1500 -j 2", "dataforge shapeworld train-vae -o my-vae --steps 200 --batch-size 16"],
        ["shapeworld train-text-encoder"] = ["dataforge shapeworld train-text-encoder -o models/shapeworld-text-encoder --seed 0", "dataforge shapeworld train-text-encoder -o my-encoder --seed 1 --vocabulary-scenes 5000"],
        ["nounstats evaluate"] = ["dataforge nounstats evaluate --treebank ud/UD_English-EWT/en_ewt-ud-test.conllu", "dataforge nounstats evaluate --treebank gum-test.conllu --json"],
        ["export"] = ["dataforge export -i runs/512 -o pixart-512.pth", "dataforge export -i runs/512 -o export/512 --format Diffusers --no-ema"],
        ["extract-features"] =
        [
            "dataforge extract-features -i shards/captioned --model models/pixart-256 -o shards/features",
            "dataforge extract-features -i shards/captioned --model models/pixart-512 --resolution 512 --multi-scale -o shards/features-512",
        ],
        ["train"] =
        [
            "dataforge train --config configs/pixart/demo_tiny.json -i shards/features -o runs/tiny",
            "dataforge train --config configs/pixart/demo_tiny.json -i shards/features -o runs/tiny --steps 2000 --checkpoint-every 500",
        ],
        ["sample"] =
        [
            "dataforge sample --checkpoint runs/tiny --model models/pixart-256 --prompt \"a red apple on a table\" -o samples",
            "dataforge sample --checkpoint runs/tiny --model models/pixart-256 --prompt \"a cat\" --prompt \"a dog\" --sampler iddpm --seed 7",
        ],
        ["manifest"] = ["dataforge manifest verify data-manifests/images.manifest.json", "dataforge manifest refresh --dir data-manifests"],
        ["manifest verify"] = ["dataforge manifest verify data-manifests/images.manifest.json", "dataforge manifest verify copy/images.manifest.json -i copy/images"],
        ["manifest refresh"] = ["dataforge manifest refresh --dir data-manifests", "dataforge manifest refresh data-manifests/captioned.manifest.json"],
        ["models"] = ["dataforge models pull llava-hf/llava-interleave-qwen-0.5b-hf --dtype fp16"],
        ["models pull"] = ["dataforge models pull llava-hf/llava-interleave-qwen-0.5b-hf --dtype fp16", "dataforge models pull llava-hf/llava-interleave-qwen-0.5b-hf -o models/llava", "dataforge models pull my-org/sd-vae-ft-ema-onnx --kind vae -o models/diffusion"],
        ["slurm"] = ["dataforge slurm submit --pipeline configs/slurm/laion-dense.pipeline.json --dry-run", "dataforge slurm status --pipeline configs/slurm/laion-dense.pipeline.json --wait"],
        ["slurm submit"] = ["dataforge slurm submit --pipeline configs/slurm/laion-dense.pipeline.json --dry-run", "dataforge slurm submit caption nounstats --pipeline configs/slurm/laion-dense.pipeline.json"],
        ["slurm status"] = ["dataforge slurm status --pipeline configs/slurm/laion-dense.pipeline.json", "dataforge slurm status --pipeline configs/slurm/laion-dense.pipeline.json --wait"],
        ["slurm retry"] = ["dataforge slurm retry --pipeline configs/slurm/laion-dense.pipeline.json --dry-run"],
    };

    /// <summary>Gets the path of a parsed command, without the leading <c>dataforge</c>.</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>For example <c>manifest verify</c>; empty for the root.</returns>
    public static string PathOf(System.CommandLine.ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names.Skip(1));
    }
}
