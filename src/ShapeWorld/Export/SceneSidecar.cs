using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataForge.ShapeWorld.Export;

/// <summary>
/// One line of the generate command's <c>scenes.jsonl</c>: a scene's ground truth (background, objects with
/// attributes and grid cells, counts, every left-of/above relation) and both captions, keyed by index and image.
/// </summary>
public static class SceneSidecar
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Formats a scene as one JSON line.</summary>
    /// <param name="scene">The scene.</param>
    /// <param name="seed">The generator seed that made it.</param>
    /// <param name="image">Its image path relative to the folder.</param>
    /// <param name="url">Its URL in the URL list.</param>
    /// <returns>The JSON text (no newline).</returns>
    public static string Format(ShapeWorldScene scene, int seed, string image, string url)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var graph = scene.Graph;
        var entry = new
        {
            scene.Index,
            Seed = seed,
            Image = image,
            Url = url,
            AltText = scene.AltText,
            DenseCaption = scene.DenseCaption,
            Background = new { graph.Background!.Kind, Color = graph.Background.ColorName, SecondColor = graph.Background.SecondColorName, graph.Background.Description },
            Objects = graph.Objects.Select(o => new
            {
                o.Shape, Color = o.ColorName, o.Size, X = Math.Round(o.CenterX, 4), Y = Math.Round(o.CenterY, 4), o.Depth, Position = o.Position.Name,
            }),
            Counts = graph.Counts.OrderBy(kv => kv.Key).ToDictionary(kv => CaptionWords.Noun(kv.Key), kv => kv.Value),
            Relations = graph.Relations.Select(r => new { r.Subject, Relation = r.Kind, r.Object }),
        };
        return JsonSerializer.Serialize(entry, Json);
    }
}
