using static TorchSharp.torch;

namespace DataForge.Trainer.Model;

/// <summary>Fixed sinusoidal embeddings: the timestep/size embedding and the 2-D sin-cos position embedding.</summary>
public static class SinusoidalEmbedding
{
    /// <summary>
    /// PixArt's <c>timestep_embedding</c>: <c>cat[cos(t·f), sin(t·f)]</c> with <c>f_i = exp(−ln(10000)·i/(dim/2))</c>,
    /// cosine first. The raw (unscaled) value is used, e.g. integer timesteps 0..999 or pixel sizes.
    /// </summary>
    /// <param name="values">Scalars, shape (N).</param>
    /// <param name="dim">Embedding width (even).</param>
    /// <returns>Shape (N, dim), float32.</returns>
    public static Tensor Timestep(Tensor values, int dim = 256)
    {
        ArgumentNullException.ThrowIfNull(values);
        var half = dim / 2;
        using var scope = NewDisposeScope();
        var freqs = exp(-Math.Log(10000) * arange(half, dtype: float32, device: values.device) / half);
        var args = values.to_type(float32).unsqueeze(1) * freqs.unsqueeze(0);
        return cat([cos(args), sin(args)], dim: -1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// PixArt's <c>get_2d_sincos_pos_embed</c> for an h×w patch grid: each axis spans
    /// <c>[0, baseSize/interpolation)</c> whatever the grid size (so multi-scale buckets share one range);
    /// the first D/2 channels encode the w coordinate, the last D/2 the h coordinate, each as <c>[sin, cos]</c>.
    /// </summary>
    /// <param name="dim">Embedding width D (divisible by 4).</param>
    /// <param name="h">Grid height in patches.</param>
    /// <param name="w">Grid width in patches.</param>
    /// <param name="baseSize">The configured square grid size (input size / patch size).</param>
    /// <param name="interpolation">The interpolation scale (<c>lewei_scale</c>).</param>
    /// <returns>Shape (h·w, D), float32, row-major over (h, w).</returns>
    public static float[] PositionGrid(int dim, int h, int w, int baseSize, double interpolation)
    {
        var result = new float[h * w * dim];
        var quarter = dim / 4;
        var omega = new double[quarter];
        for (var i = 0; i < quarter; i++)
        {
            omega[i] = 1.0 / Math.Pow(10000, (double)i / quarter);
        }

        for (var y = 0; y < h; y++)
        {
            // Computed in double then rounded, as NumPy float64 does before the model casts to float32.
            var gh = y / ((double)h / baseSize) / interpolation;
            for (var x = 0; x < w; x++)
            {
                var gw = x / ((double)w / baseSize) / interpolation;
                var row = ((y * w) + x) * dim;
                for (var i = 0; i < quarter; i++)
                {
                    result[row + i] = (float)Math.Sin(gw * omega[i]);
                    result[row + quarter + i] = (float)Math.Cos(gw * omega[i]);
                    result[row + (2 * quarter) + i] = (float)Math.Sin(gh * omega[i]);
                    result[row + (3 * quarter) + i] = (float)Math.Cos(gh * omega[i]);
                }
            }
        }

        return result;
    }
}
