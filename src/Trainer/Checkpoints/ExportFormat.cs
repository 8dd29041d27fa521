namespace DataForge.Trainer.Checkpoints;

/// <summary>Checkpoint layouts <see cref="CheckpointExporter"/> writes.</summary>
public enum ExportFormat
{
    /// <summary>The official code's <c>.pth</c>: <c>{"state_dict": …}</c> with official names and the <c>pos_embed</c> buffer, for <c>load_state_dict(strict=True)</c>.</summary>
    PixArt,

    /// <summary>A diffusers <c>transformer/</c> folder: <c>config.json</c> and <c>diffusion_pytorch_model.safetensors</c>, for <c>PixArtTransformer2DModel.from_pretrained</c>.</summary>
    Diffusers,

    /// <summary>One safetensors file with the official names (the <c>.pth</c>'s content without pickle).</summary>
    Safetensors,
}
