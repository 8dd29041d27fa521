namespace DataForge.Trainer.Checkpoints;

/// <summary>What "the DiT without c" means when matching modulations (the paper does not say; see the notes).</summary>
public enum NullClassCondition
{
    /// <summary>DiT's classifier-free-guidance null class: the last row of <c>y_embedder.embedding_table</c>.</summary>
    NullClassEmbedding,

    /// <summary>No class embedding at all: c = t_embedder(t).</summary>
    Zero,
}
