using DataForge.Captioner.Models;
using DataForge.Captioner.Tiny;
using DataForge.TestUtils;

namespace DataForge.Captioner.Tests;

/// <summary>Writes the tiny model once per test class and loads it on the CPU provider.</summary>
public sealed class TinyModelFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public TinyModelFixture()
    {
        Directory = TinyLlavaModelWriter.Write(_directory.Combine("tiny-llava"));
        Model = VisionLanguageModel.Load(Directory, new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu });
    }

    public string Directory { get; }

    public VisionLanguageModel Model { get; }

    public void Dispose()
    {
        Model.Dispose();
        _directory.Dispose();
    }
}
