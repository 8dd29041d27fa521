namespace DataForge.Captioner.Templates;

/// <summary>
/// A chat template that cannot be used: a construct outside the supported Jinja subset (named, at load time) or an
/// error while rendering, including the template's own <c>raise_exception</c>.
/// </summary>
public sealed class ChatTemplateException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the construct.</param>
    public ChatTemplateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ChatTemplateException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="inner">The cause.</param>
    public ChatTemplateException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
