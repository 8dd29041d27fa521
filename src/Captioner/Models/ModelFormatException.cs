using DataForge.Core.Errors;

namespace DataForge.Captioner.Models;

/// <summary>
/// A model folder or ONNX graph does not have what the captioner needs: a missing file, a tensor name the
/// three-session layout requires, or image-token and feature counts that disagree.
/// </summary>
public sealed class ModelFormatException : DataForgeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file or tensor.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ModelFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
