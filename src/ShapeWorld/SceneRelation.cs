namespace DataForge.ShapeWorld;

/// <summary>A relation between two objects of one scene graph.</summary>
/// <param name="Subject">Index of the subject in <see cref="SceneGraph.Objects"/>.</param>
/// <param name="Kind">The relation.</param>
/// <param name="Object">Index of the object in <see cref="SceneGraph.Objects"/>.</param>
public readonly record struct SceneRelation(int Subject, RelationKind Kind, int Object);
