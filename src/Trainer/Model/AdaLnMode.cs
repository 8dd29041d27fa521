namespace DataForge.Trainer.Model;

/// <summary>How blocks get their shift/scale/gate modulation from the timestep.</summary>
public enum AdaLnMode
{
    /// <summary>PixArt-α's adaLN-single: one shared <c>t_block</c> plus a 6×D <c>scale_shift_table</c> per block.</summary>
    Single,

    /// <summary>
    /// DiT-style full adaLN for the paper's ablation: each block has its own SiLU+Linear(D, 6D) over the timestep
    /// embedding instead of a table (the shared <c>t_block</c> stays, which reproduces the paper's 833M count).
    /// </summary>
    FullPerBlock,
}
