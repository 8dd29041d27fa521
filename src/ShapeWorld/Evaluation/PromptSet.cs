using System.Text.Json;
using System.Text.Json.Serialization;
using DataForge.Core.Errors;

namespace DataForge.ShapeWorld.Evaluation;

/// <summary>A held-out prompt set as <c>dataforge shapeworld prompts</c> writes it (JSON) and the judge reads it.</summary>
/// <param name="Seed">The seed it was generated with.</param>
/// <param name="Prompts">The prompts.</param>
public sealed record PromptSet(int Seed, IReadOnlyList<EvalPrompt> Prompts)
{
    /// <summary>The JSON settings of prompt files and judge reports: snake_case names and enum values.</summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes the set to a file (through a temporary, so a killed run leaves no half file).</summary>
    /// <param name="path">The file.</param>
    public void Write(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full + ".tmp", JsonSerializer.Serialize(this, Json));
        File.Move(full + ".tmp", full, overwrite: true);
    }

    /// <summary>Reads a set written by <see cref="Write"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The set.</returns>
    /// <exception cref="OptionsValidationException">The file is missing, not a prompt set, or repeats a prompt id or text.</exception>
    public static PromptSet Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new OptionsValidationException("--prompts", $"{path} does not exist");
        }

        PromptSet? set;
        try
        {
            set = JsonSerializer.Deserialize<PromptSet>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new OptionsValidationException("--prompts", $"{path} is not a prompt set written by 'dataforge shapeworld prompts': {e.Message}");
        }

        if (set?.Prompts is not { Count: > 0 } || set.Prompts.Any(p => p?.Objects is not { Count: > 0 } || string.IsNullOrEmpty(p.Short) || string.IsNullOrEmpty(p.Dense)))
        {
            throw new OptionsValidationException("--prompts", $"{path} holds no prompts, or a prompt without objects or text");
        }

        var texts = set.Prompts.SelectMany(p => new[] { p.Short, p.Dense }).ToList();
        if (set.Prompts.Select(p => p.Id).Distinct().Count() != set.Prompts.Count || texts.Distinct().Count() != texts.Count)
        {
            throw new OptionsValidationException("--prompts", $"{path} repeats a prompt id or text, so a sample's prompt would not say which prompt it was for");
        }

        return set;
    }

    /// <summary>Finds the prompt a sample was made with, by its exact text.</summary>
    /// <param name="text">The sample's prompt text.</param>
    /// <returns>The prompt and which phrasing (<c>short</c> or <c>dense</c>), or null when no prompt has that text.</returns>
    public (EvalPrompt Prompt, string Phrasing)? Find(string text)
    {
        foreach (var p in Prompts)
        {
            if (p.Short == text)
            {
                return (p, "short");
            }

            if (p.Dense == text)
            {
                return (p, "dense");
            }
        }

        return null;
    }
}
