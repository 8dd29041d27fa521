// Training-step throughput of the PixArt-α DiT on this machine's CPU: forward + IDDPM loss + backward + clip +
// AdamW step, after one warm-up step. The named baseline, run in the same process, is the DiT-style full-adaLN
// model (the paper's ablation) at the same size, so the printed ratio is adaLN-single vs per-block adaLN.
using System.Diagnostics;
using System.Globalization;
using DataForge.Trainer.Diffusion;
using DataForge.Trainer.Model;
using DataForge.Trainer.Runtime;
using static TorchSharp.torch;

if (args is ["streaming", ..])
{
    await DataForge.Trainer.Bench.StreamingBench.RunAsync(args[1..]);
    return;
}

var steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var includeXl = args.Length <= 1 || args[1] != "small-only";
TorchRuntime.EnsureLoaded();
Console.WriteLine($"cores: {Environment.ProcessorCount}, torch threads: {get_num_threads()}, libtorch {__version__}, steps per run: {steps} (+1 warm-up)");

var small = new PixArtConfig { InputSize = 32, HiddenSize = 384, Depth = 6, NumHeads = 6, CaptionChannels = 4096 };
var runs = new List<(string Name, PixArtConfig Config, int Batch)>
{
    ("small (D=384, depth 6, 256 px)", small, 4),
    ("small full-adaLN baseline", small with { AdaLn = AdaLnMode.FullPerBlock }, 4),
};
if (includeXl)
{
    runs.Add(("PixArt-XL/2 256, batch 1", PixArtConfig.XL2_256, 1));
    runs.Add(("PixArt-XL/2 256, batch 2", PixArtConfig.XL2_256, 2));
    runs.Add(("full-adaLN XL/2 256 baseline, batch 1", PixArtConfig.XL2_256_FullAdaLn, 1));
}

var results = new Dictionary<string, double>();
foreach (var (name, config, batch) in runs)
{
    manual_seed(0);
    using var model = new PixArtDiT(config);
    var parameters = model.parameters().ToList();
    using var optimizer = optim.AdamW(parameters, 2e-5, 0.9, 0.999, 1e-10, 0.03);
    var diffusion = new GaussianDiffusion(new NoiseSchedule());
    var latent = config.InputSize;
    var watch = new Stopwatch();
    for (var step = 0; step <= steps; step++)
    {
        if (step == 1)
        {
            watch.Start();
        }

        using var scope = NewDisposeScope();
        var x0 = randn(batch, 4, latent, latent);
        var t = randint(0, 1000, [batch]);
        var noise = randn(batch, 4, latent, latent);
        var xt = diffusion.QSample(x0, t, noise);
        var output = model.forward(xt, t, randn(batch, 120, config.CaptionChannels), ones(batch, 120));
        var loss = diffusion.TrainingLoss(output, x0, xt, t, noise);
        loss.Total.backward();
        nn.utils.clip_grad_norm_(parameters, 0.01);
        optimizer.step();
        optimizer.zero_grad();
    }

    watch.Stop();
    var stepsPerSecond = steps / watch.Elapsed.TotalSeconds;
    results[name] = stepsPerSecond;
    var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024 * 1024);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: {parameters.Sum(p => p.numel()):N0} params, {stepsPerSecond:0.000} steps/s, {stepsPerSecond * batch:0.000} images/s, peak RSS so far {peak:0.0} GiB"));
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ratio small adaLN-single / full-adaLN baseline: {results[runs[0].Name] / results[runs[1].Name]:0.00}x"));
if (includeXl)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ratio XL/2 adaLN-single / full-adaLN baseline (batch 1): {results[runs[2].Name] / results[runs[4].Name]:0.00}x"));
}
