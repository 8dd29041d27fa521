namespace DataForge.ShapeWorld.Tests.Detection;

/// <summary>Blur and noise of the kind a diffusion model's 64×64 samples show, to test the detector beyond clean renders.</summary>
internal static class ImageDegradation
{
    /// <summary>Gaussian blur (separable, clamped edges) then additive Gaussian noise, rounded and clamped to bytes.</summary>
    /// <param name="rgb">64×64 RGB24 pixels.</param>
    /// <param name="sigma">Blur standard deviation in pixels; 0 for none.</param>
    /// <param name="noise">Noise standard deviation in 8-bit levels; 0 for none.</param>
    /// <param name="random">Noise source.</param>
    /// <returns>The degraded pixels.</returns>
    public static byte[] Apply(byte[] rgb, double sigma, double noise, Random random)
    {
        const int n = ShapeWorldScene.ImageSize;
        var img = rgb.Select(b => (double)b).ToArray();
        if (sigma > 0)
        {
            var radius = (int)Math.Ceiling(3 * sigma);
            var kernel = Enumerable.Range(-radius, (2 * radius) + 1).Select(k => Math.Exp(-k * k / (2 * sigma * sigma))).ToArray();
            var sum = kernel.Sum();
            kernel = kernel.Select(k => k / sum).ToArray();
            foreach (var horizontal in new[] { true, false })
            {
                var next = new double[img.Length];
                for (var y = 0; y < n; y++)
                {
                    for (var x = 0; x < n; x++)
                    {
                        for (var c = 0; c < 3; c++)
                        {
                            double v = 0;
                            for (var k = -radius; k <= radius; k++)
                            {
                                var (sx, sy) = horizontal ? (Math.Clamp(x + k, 0, n - 1), y) : (x, Math.Clamp(y + k, 0, n - 1));
                                v += kernel[k + radius] * img[(((sy * n) + sx) * 3) + c];
                            }

                            next[(((y * n) + x) * 3) + c] = v;
                        }
                    }
                }

                img = next;
            }
        }

        return img.Select(v =>
        {
            var g = noise > 0 ? noise * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) : 0;
            return (byte)Math.Clamp(Math.Round(v + g), 0, 255);
        }).ToArray();
    }
}
