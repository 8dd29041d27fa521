namespace DataForge.Trainer.Training;

/// <summary>One sample's extracted features, as stored in a feature shard.</summary>
/// <param name="Mean">VAE posterior mean, C×h×w floats.</param>
/// <param name="Std">VAE posterior std, same layout.</param>
/// <param name="LatentShape">(C, h, w).</param>
/// <param name="Captions">T5 features, L×Cc floats.</param>
/// <param name="Mask">Caption mask, L entries of 0/1.</param>
/// <param name="ImageHeight">Original image height in pixels (micro-condition).</param>
/// <param name="ImageWidth">Original image width in pixels (micro-condition).</param>
public sealed record TrainingSample(float[] Mean, float[] Std, (int C, int H, int W) LatentShape, float[] Captions, float[] Mask, int ImageHeight, int ImageWidth);
