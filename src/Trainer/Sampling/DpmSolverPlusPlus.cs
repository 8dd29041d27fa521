using DataForge.Trainer.Diffusion;
using static TorchSharp.torch;

namespace DataForge.Trainer.Sampling;

/// <summary>
/// DPM-Solver++ (2M: second-order multistep, data prediction) on the discrete linear-β VP schedule, with
/// time-uniform steps from t = 1 to 1/N, as the official PixArt inference runs it (20 steps). Only the ε half of
/// the model output is used. Continuous time maps to the model's timestep as <c>(t − 1/N)·1000</c>. As the official
/// <c>dpm_solver.py</c> (<c>lower_order_final=True</c>), the first step and, below 10 steps, the last step are first
/// order, and fewer than 2 steps (the solver's order) are refused.
/// </summary>
public static class DpmSolverPlusPlus
{
    /// <summary>The official default number of steps.</summary>
    public const int DefaultSteps = 20;

    /// <summary>The fewest steps the second-order multistep solver takes (the official code asserts <c>steps >= order</c>).</summary>
    public const int MinimumSteps = 2;

    // Below this many steps the last step is first order (dpm_solver.py, lower_order_final).
    private const int LowerOrderFinalBelow = 10;

    /// <summary>Samples latents.</summary>
    /// <param name="denoiser">The (possibly guided) model.</param>
    /// <param name="schedule">The training schedule.</param>
    /// <param name="shape">Latent shape (B, C, H, W).</param>
    /// <param name="steps">Solver steps (model evaluations).</param>
    /// <param name="generator">Random source for the initial noise.</param>
    /// <param name="progress">Receives the number of steps done.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <returns>x at t = 1/N (B, C, H, W).</returns>
    public static Tensor Sample(Denoiser denoiser, NoiseSchedule schedule, long[] shape, int steps = DefaultSteps, Generator? generator = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, MinimumSteps);
        return Sample(denoiser, schedule, randn(shape, generator: generator), steps, progress, cancellationToken);
    }

    /// <summary>Samples latents from a given x_T.</summary>
    /// <param name="denoiser">The (possibly guided) model.</param>
    /// <param name="schedule">The training schedule.</param>
    /// <param name="noise">x at t = 1 (B, C, H, W); not modified, the caller keeps ownership.</param>
    /// <param name="steps">Solver steps (model evaluations), at least <see cref="MinimumSteps"/>.</param>
    /// <param name="progress">Receives the number of steps done.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <returns>x at t = 1/N (B, C, H, W).</returns>
    public static Tensor Sample(Denoiser denoiser, NoiseSchedule schedule, Tensor noise, int steps = DefaultSteps, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(denoiser);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, MinimumSteps);
        var n = schedule.Steps;
        var logAlphas = new double[n];
        var cumulative = 0.0;
        for (var i = 0; i < n; i++)
        {
            cumulative += Math.Log(1 - schedule.Betas[i]);
            logAlphas[i] = 0.5 * cumulative;
        }

        var times = Enumerable.Range(0, steps + 1).Select(i => 1.0 - ((1.0 - (1.0 / n)) * i / steps)).ToArray();
        var x = noise.clone();
        Tensor? previousX0 = null;
        Tensor? x0 = null;
        try
        {
            x0 = DataPrediction(denoiser, x, times[0], n, logAlphas);
            for (var step = 1; step <= steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var (s, t) = (times[step - 1], times[step]);
                var (alphaT, sigmaT, lambdaT) = Coefficients(t, n, logAlphas);
                var (_, sigmaS, lambdaS) = Coefficients(s, n, logAlphas);
                var h = lambdaT - lambdaS;
                var phi = ExpMinusOne(-h);
                Tensor next;
                if (previousX0 is null || (step == steps && steps < LowerOrderFinalBelow))
                {
                    next = ((sigmaT / sigmaS) * x) - (alphaT * phi * x0);
                }
                else
                {
                    var (_, _, lambdaPrev) = Coefficients(times[step - 2], n, logAlphas);
                    var r = (lambdaS - lambdaPrev) / h;
                    var d1 = (1.0 / r) * (x0 - previousX0);
                    next = ((sigmaT / sigmaS) * x) - (alphaT * phi * x0) - (0.5 * alphaT * phi * d1);
                }

                x.Dispose();
                x = next.MoveToOuterDisposeScope();
                if (step < steps)
                {
                    previousX0?.Dispose();
                    previousX0 = x0;
                    // Outlives this step's scope: it is the multistep history for the next step.
                    x0 = DataPrediction(denoiser, x, t, n, logAlphas).DetachFromDisposeScope();
                }

                progress?.Report(step);
            }

            return x;
        }
        finally
        {
            previousX0?.Dispose();
            x0?.Dispose();
        }
    }

    private static Tensor DataPrediction(Denoiser denoiser, Tensor x, double t, int n, double[] logAlphas)
    {
        using var scope = NewDisposeScope();
        var (alpha, sigma, _) = Coefficients(t, n, logAlphas);
        var modelT = full(x.shape[0], (t - (1.0 / n)) * 1000.0, dtype: float32);
        var eps = denoiser(x, modelT).chunk(2, dim: 1)[0];
        return ((x - (sigma * eps)) / alpha).MoveToOuterDisposeScope();
    }

    // .NET has no expm1; the series keeps precision for the tiny steps a long schedule can take.
    private static double ExpMinusOne(double x) => Math.Abs(x) < 1e-5 ? x + (x * x / 2) + (x * x * x / 6) : Math.Exp(x) - 1;

    // log α(t) interpolated linearly between the discrete points t_i = (i+1)/N, as DPM-Solver's NoiseScheduleVP does.
    private static (double Alpha, double Sigma, double Lambda) Coefficients(double t, int n, double[] logAlphas)
    {
        var position = (t * n) - 1;
        var lower = Math.Clamp((int)Math.Floor(position), 0, n - 2);
        var fraction = position - lower;
        var logAlpha = logAlphas[lower] + ((logAlphas[lower + 1] - logAlphas[lower]) * fraction);
        var alpha = Math.Exp(logAlpha);
        var sigma = Math.Sqrt(1 - (alpha * alpha));
        return (alpha, sigma, logAlpha - Math.Log(sigma));
    }
}
