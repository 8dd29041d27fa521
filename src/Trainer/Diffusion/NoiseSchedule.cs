namespace DataForge.Trainer.Diffusion;

/// <summary>
/// The discrete variance-preserving schedule of IDDPM/DiT/PixArt: <c>T</c> linear betas from 1e-4 to 0.02,
/// computed in float64 as NumPy does, and every derived quantity the loss and samplers need.
/// </summary>
public sealed class NoiseSchedule
{
    /// <summary>Creates the linear schedule.</summary>
    /// <param name="steps">Number of diffusion steps T.</param>
    /// <param name="betaStart">First beta (scaled by 1000/T as IDDPM does).</param>
    /// <param name="betaEnd">Last beta (scaled likewise).</param>
    public NoiseSchedule(int steps = 1000, double betaStart = 1e-4, double betaEnd = 0.02)
        : this(Linear(steps, betaStart, betaEnd))
    {
    }

    /// <summary>Creates a schedule from explicit betas (used for respaced sampling).</summary>
    /// <param name="betas">Betas, each in (0, 1).</param>
    public NoiseSchedule(double[] betas)
    {
        ArgumentNullException.ThrowIfNull(betas);
        var n = betas.Length;
        Betas = betas;
        AlphasCumprod = new double[n];
        AlphasCumprodPrev = new double[n];
        PosteriorVariance = new double[n];
        PosteriorLogVarianceClipped = new double[n];
        PosteriorMeanCoef1 = new double[n];
        PosteriorMeanCoef2 = new double[n];
        var product = 1.0;
        for (var t = 0; t < n; t++)
        {
            AlphasCumprodPrev[t] = product;
            product *= 1.0 - betas[t];
            AlphasCumprod[t] = product;
        }

        for (var t = 0; t < n; t++)
        {
            var prev = AlphasCumprodPrev[t];
            PosteriorVariance[t] = betas[t] * (1.0 - prev) / (1.0 - AlphasCumprod[t]);
            PosteriorMeanCoef1[t] = betas[t] * Math.Sqrt(prev) / (1.0 - AlphasCumprod[t]);
            PosteriorMeanCoef2[t] = (1.0 - prev) * Math.Sqrt(1.0 - betas[t]) / (1.0 - AlphasCumprod[t]);
        }

        SqrtAlphasCumprod = [.. AlphasCumprod.Select(a => Math.Sqrt(a))];
        SqrtOneMinusAlphasCumprod = [.. AlphasCumprod.Select(a => Math.Sqrt(1.0 - a))];
        SqrtRecipAlphasCumprod = [.. AlphasCumprod.Select(a => Math.Sqrt(1.0 / a))];
        SqrtRecipMinusOneAlphasCumprod = [.. AlphasCumprod.Select(a => Math.Sqrt((1.0 / a) - 1.0))];
        LogBetas = [.. betas.Select(b => Math.Log(b))];

        // The posterior variance is 0 at t = 0; IDDPM clips its log to the value at t = 1.
        for (var t = 0; t < n; t++)
        {
            PosteriorLogVarianceClipped[t] = Math.Log(t == 0 && n > 1 ? PosteriorVariance[1] : PosteriorVariance[t]);
        }
    }

    /// <summary>Gets T.</summary>
    public int Steps => Betas.Length;

    /// <summary>Gets β_t.</summary>
    public double[] Betas { get; }

    /// <summary>Gets ᾱ_t.</summary>
    public double[] AlphasCumprod { get; }

    /// <summary>Gets ᾱ_{t−1} (1 at t = 0).</summary>
    public double[] AlphasCumprodPrev { get; }

    /// <summary>Gets √ᾱ_t.</summary>
    public double[] SqrtAlphasCumprod { get; }

    /// <summary>Gets √(1 − ᾱ_t).</summary>
    public double[] SqrtOneMinusAlphasCumprod { get; }

    /// <summary>Gets √(1/ᾱ_t).</summary>
    public double[] SqrtRecipAlphasCumprod { get; }

    /// <summary>Gets √(1/ᾱ_t − 1).</summary>
    public double[] SqrtRecipMinusOneAlphasCumprod { get; }

    /// <summary>Gets log β_t.</summary>
    public double[] LogBetas { get; }

    /// <summary>Gets the variance of q(x_{t−1} | x_t, x_0).</summary>
    public double[] PosteriorVariance { get; }

    /// <summary>Gets its log, clipped at t = 0 to the t = 1 value.</summary>
    public double[] PosteriorLogVarianceClipped { get; }

    /// <summary>Gets the posterior-mean coefficient of x_0.</summary>
    public double[] PosteriorMeanCoef1 { get; }

    /// <summary>Gets the posterior-mean coefficient of x_t.</summary>
    public double[] PosteriorMeanCoef2 { get; }

    /// <summary>
    /// IDDPM's <c>space_timesteps(T, "N")</c>: N original timesteps evenly spread over [0, T−1] (rounded), and the
    /// betas of the respaced chain <c>β'_i = 1 − ᾱ_{t_i}/ᾱ_{t_{i−1}}</c>.
    /// </summary>
    /// <param name="count">Number of sampling steps.</param>
    /// <returns>The original timesteps used (ascending) and the respaced schedule.</returns>
    public (int[] Timesteps, NoiseSchedule Schedule) Respace(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Steps);
        var used = new SortedSet<int>();
        var stride = count == 1 ? 0 : (Steps - 1) / (double)(count - 1);
        var position = 0.0;
        for (var i = 0; i < count; i++)
        {
            // Accumulated like IDDPM's loop, and rounded half-to-even like Python's round().
            used.Add((int)Math.Round(position, MidpointRounding.ToEven));
            position += stride;
        }

        var timesteps = used.ToArray();
        var betas = new double[timesteps.Length];
        var last = 1.0;
        for (var i = 0; i < timesteps.Length; i++)
        {
            betas[i] = 1.0 - (AlphasCumprod[timesteps[i]] / last);
            last = AlphasCumprod[timesteps[i]];
        }

        return (timesteps, new NoiseSchedule(betas));
    }

    private static double[] Linear(int steps, double start, double end)
    {
        var scale = 1000.0 / steps;
        var betas = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            betas[i] = (scale * start) + ((scale * end) - (scale * start)) * i / Math.Max(1, steps - 1);
        }

        return betas;
    }
}
