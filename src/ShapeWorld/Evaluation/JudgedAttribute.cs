namespace DataForge.ShapeWorld.Evaluation;

/// <summary>The attributes the judge scores; each task asks a subset (<see cref="PromptJudge.Asked"/>).</summary>
public enum JudgedAttribute
{
    /// <summary>At least the asked number of objects of each asked shape, whatever their colour.</summary>
    Object,

    /// <summary>At least the asked number of objects of each asked shape in the asked colour.</summary>
    Color,

    /// <summary>Exactly the asked number of objects of the asked shape (counting prompts).</summary>
    Count,

    /// <summary>An object of the asked shape and colour in the asked grid cell (position prompts).</summary>
    Position,
}
