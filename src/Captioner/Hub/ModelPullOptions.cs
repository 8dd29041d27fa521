using DataForge.Captioner.Models;
using DataForge.Core.Errors;

namespace DataForge.Captioner.Hub;

/// <summary>Options of <c>dataforge models pull</c>.</summary>
public sealed class ModelPullOptions
{
    /// <summary>Gets or sets the hub repository id, e.g. <c>llava-hf/llava-interleave-qwen-0.5b-hf</c>.</summary>
    /// <value>The default value is empty (required).</value>
    public string RepoId { get; set; } = "";

    /// <summary>Gets or sets the branch, tag or commit (<c>--revision</c>); files are fetched at the commit it resolves to.</summary>
    /// <value>The default value is <see cref="ModelPullConstants.Revision"/>.</value>
    public string Revision { get; set; } = ModelPullConstants.Revision;

    /// <summary>Gets or sets the dtype variant(s) of the ONNX graphs to fetch (<c>--dtype</c>), as for <see cref="ModelFiles.ParseDtypes"/>.</summary>
    /// <value>The default value is <see langword="null"/>: fp32 where present, else the most exact variant listed.</value>
    public string? Dtype { get; set; }

    /// <summary>Gets or sets the destination folder (<c>--output</c>).</summary>
    /// <value>The default value is <see langword="null"/>: <c>models/{owner}/{name}</c>.</value>
    public string? OutputDirectory { get; set; }

    /// <summary>Gets or sets the hub endpoint (<c>--endpoint</c>).</summary>
    /// <value>The default value is <c>HF_ENDPOINT</c> when set, else <see cref="ModelPullConstants.Endpoint"/>.</value>
    public string Endpoint { get; set; } = Environment.GetEnvironmentVariable("HF_ENDPOINT") is { Length: > 0 } e ? e : ModelPullConstants.Endpoint;

    /// <summary>Gets or sets the access token for gated or private repositories.</summary>
    /// <value>The default value is <c>HF_TOKEN</c> when set, else <see langword="null"/>.</value>
    public string? Token { get; set; } = Environment.GetEnvironmentVariable("HF_TOKEN") is { Length: > 0 } t ? t : null;

    /// <summary>Gets or sets the retries per file after a transient failure (<c>--retries</c>).</summary>
    /// <value>The default value is <see cref="ModelPullConstants.MaxRetries"/>.</value>
    public int MaxRetries { get; set; } = ModelPullConstants.MaxRetries;

    /// <summary>Gets or sets the first retry delay.</summary>
    /// <value>The default value is <see cref="ModelPullConstants.RetryDelay"/>.</value>
    public TimeSpan RetryDelay { get; set; } = ModelPullConstants.RetryDelay;

    /// <summary>Gets the destination folder after defaults.</summary>
    public string ResolvedOutputDirectory => OutputDirectory ?? Path.Combine(ModelPullConstants.ModelsDirectory, RepoId.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Validates the options once.</summary>
    /// <exception cref="OptionsValidationException">A value is missing or malformed.</exception>
    public void Validate()
    {
        var parts = RepoId.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p is "." or ".." || p.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))))
        {
            throw new OptionsValidationException("<hf-repo-id>", $"'{RepoId}' is not an owner/name repository id");
        }

        if (string.IsNullOrWhiteSpace(Revision) || Revision.Contains("..", StringComparison.Ordinal))
        {
            throw new OptionsValidationException("--revision", $"'{Revision}' is not a usable revision");
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new OptionsValidationException("--endpoint", $"'{Endpoint}' is not an http(s) URL");
        }

        if (MaxRetries < 0)
        {
            throw new OptionsValidationException("--retries", $"must be 0 or more, got {MaxRetries}");
        }

        try
        {
            _ = ModelFiles.ParseDtypes(Dtype);
        }
        catch (ModelFormatException ex)
        {
            throw new OptionsValidationException("--dtype", ex.Message);
        }
    }
}
