namespace DataForge.Trainer.Checkpoints;

/// <summary>A state-dict file's format, as told by its first bytes.</summary>
public enum StateDictFormat
{
    /// <summary>None of the below.</summary>
    Unknown,

    /// <summary><c>torch.save</c> since PyTorch 1.6: a zip archive holding <c>data.pkl</c> and tensor storages.</summary>
    TorchZip,

    /// <summary><c>torch.save</c> before PyTorch 1.6 (or with <c>_use_new_zipfile_serialization=False</c>): a bare pickle stream.</summary>
    TorchLegacy,

    /// <summary>safetensors: little-endian header length, JSON header, raw tensor bytes.</summary>
    Safetensors,
}
