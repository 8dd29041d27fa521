namespace DataForge.ShapeWorld;

/// <summary>
/// What a scene contains: its background, its objects, their counts and pairwise relations. A generated scene's
/// graph derives its relations from the objects' grid cells; a graph parsed from a caption holds only the relations
/// the caption stated.
/// </summary>
public sealed class SceneGraph
{
    private readonly IReadOnlyList<SceneRelation>? _stated;

    /// <summary>Creates a graph.</summary>
    /// <param name="background">The background, or null when unknown (a caption that does not name one).</param>
    /// <param name="objects">The objects in drawing order.</param>
    /// <param name="statedRelations">Relations stated by a caption; null to derive every relation from positions.</param>
    public SceneGraph(SceneBackground? background, IReadOnlyList<SceneObject> objects, IReadOnlyList<SceneRelation>? statedRelations = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        Background = background;
        Objects = objects;
        _stated = statedRelations;
    }

    /// <summary>Gets the background, or null when unknown.</summary>
    public SceneBackground? Background { get; }

    /// <summary>Gets the objects in drawing order.</summary>
    public IReadOnlyList<SceneObject> Objects { get; }

    /// <summary>Gets how many objects of each shape the scene holds (shapes it lacks are absent).</summary>
    public IReadOnlyDictionary<ShapeKind, int> Counts =>
        Objects.GroupBy(o => o.Shape).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Gets the stated relations, or for a generated graph every left-of and above relation between cells.</summary>
    public IReadOnlyList<SceneRelation> Relations => _stated ?? DeriveRelations();

    /// <summary>Gets whether the relations were stated (parsed from a caption) rather than derived.</summary>
    public bool HasStatedRelations => _stated is not null;

    /// <summary>Whether a relation holds between two objects by their positions.</summary>
    /// <param name="subject">Index of the subject.</param>
    /// <param name="kind">The relation.</param>
    /// <param name="obj">Index of the object.</param>
    /// <returns>True when the subject's cell is left of (above) the object's.</returns>
    public bool Holds(int subject, RelationKind kind, int obj)
    {
        var (a, b) = (Objects[subject].Position, Objects[obj].Position);
        return kind == RelationKind.LeftOf ? a.Column < b.Column : a.Row < b.Row;
    }

    private List<SceneRelation> DeriveRelations()
    {
        var relations = new List<SceneRelation>();
        for (var i = 0; i < Objects.Count; i++)
        {
            for (var j = 0; j < Objects.Count; j++)
            {
                foreach (var kind in (ReadOnlySpan<RelationKind>)[RelationKind.LeftOf, RelationKind.Above])
                {
                    if (i != j && Holds(i, kind, j))
                    {
                        relations.Add(new SceneRelation(i, kind, j));
                    }
                }
            }
        }

        return relations;
    }
}
