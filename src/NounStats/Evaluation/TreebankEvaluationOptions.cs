using DataForge.Core.Errors;

namespace DataForge.NounStats.Evaluation;

/// <summary>Settings of <c>dataforge nounstats evaluate</c>.</summary>
public sealed class TreebankEvaluationOptions
{
    /// <summary>Gets or sets the CoNLL-U file to score against (<c>--treebank</c>), e.g. <c>en_ewt-ud-test.conllu</c>.</summary>
    /// <value>The default value is an empty string, which fails validation.</value>
    public string TreebankFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the tagger model file (<c>--model</c>).</summary>
    /// <value>The default value is <see langword="null"/>: the shipped UD_English-EWT model.</value>
    public string? TaggerModelPath { get; set; }

    /// <summary>Validates the options once, before anything is read.</summary>
    /// <exception cref="OptionsValidationException">A file is missing.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(TreebankFile) || !File.Exists(TreebankFile))
        {
            throw new OptionsValidationException("--treebank", $"file '{TreebankFile}' does not exist (give a .conllu file, e.g. en_ewt-ud-test.conllu)");
        }

        if (TaggerModelPath is not null && !File.Exists(TaggerModelPath))
        {
            throw new OptionsValidationException("--model", $"'{TaggerModelPath}' does not exist");
        }
    }
}
