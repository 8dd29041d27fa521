namespace DataForge.ShapeWorld.Evaluation;

/// <summary>What a held-out prompt tests, after GenEval's task families.</summary>
public enum PromptTask
{
    /// <summary>One object of a given shape and colour ("a red circle").</summary>
    SingleObject,

    /// <summary>Two objects of different shapes and colours: both present, each with its own colour (GenEval's
    /// two-object and colour-attribution tasks in one).</summary>
    TwoObjects,

    /// <summary>Two to four objects of one shape and colour: exactly that many of the shape ("three red circles").</summary>
    Counting,

    /// <summary>Two objects, each asked in a named cell of the 3×3 grid.</summary>
    Position,
}
