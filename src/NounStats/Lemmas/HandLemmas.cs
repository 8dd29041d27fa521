namespace DataForge.NounStats.Lemmas;

/// <summary>
/// The few noun lemmas EWT train does not attest (or attests only in another sense) but web alt-text uses often.
/// They go into the exception table after the learned pairs and win over them, so keep this list short and
/// limited to forms the learned rules get wrong (each one is checked by a test).
/// </summary>
internal static class HandLemmas
{
    /// <summary>Gets the hand-written form → lemma pairs (lower case).</summary>
    public static IReadOnlyList<(string Form, string Lemma)> Pairs { get; } =
    [
        // -ies → -ie, where the -y rule would coin a non-word.
        ("zombies", "zombie"), ("selfies", "selfie"), ("calories", "calorie"), ("cookies", "cookie"),
        ("movies", "movie"), ("brownies", "brownie"), ("hoodies", "hoodie"), ("smoothies", "smoothie"),
        ("veggies", "veggie"), ("goalies", "goalie"), ("rookies", "rookie"), ("hippies", "hippie"),
        ("pixies", "pixie"), ("genies", "genie"), ("prairies", "prairie"), ("beanies", "beanie"),
        ("onesies", "onesie"), ("sweeties", "sweetie"), ("newbies", "newbie"), ("freebies", "freebie"),

        // -oes → -o.
        ("tomatoes", "tomato"), ("potatoes", "potato"), ("heroes", "hero"), ("zeroes", "zero"),
        ("echoes", "echo"), ("vetoes", "veto"), ("volcanoes", "volcano"), ("mosquitoes", "mosquito"),
        ("dominoes", "domino"), ("torpedoes", "torpedo"), ("mangoes", "mango"),

        // -es → -is (Greek plurals).
        ("crises", "crisis"), ("theses", "thesis"), ("hypotheses", "hypothesis"), ("analyses", "analysis"),
        ("diagnoses", "diagnosis"), ("oases", "oasis"), ("synopses", "synopsis"), ("parentheses", "parenthesis"),

        // -ves, vowel changes and Latin plurals.
        ("leaves", "leaf"), ("halves", "half"), ("knives", "knife"), ("wolves", "wolf"), ("loaves", "loaf"),
        ("thieves", "thief"), ("shelves", "shelf"), ("calves", "calf"), ("scarves", "scarf"), ("hooves", "hoof"),
        ("elves", "elf"), ("geese", "goose"), ("mice", "mouse"), ("lice", "louse"), ("oxen", "ox"),
        ("teeth", "tooth"), ("feet", "foot"), ("cacti", "cactus"), ("fungi", "fungus"),
        ("quizzes", "quiz"), ("geniuses", "genius"), ("cactuses", "cactus"), ("octopuses", "octopus"),
        ("walruses", "walrus"), ("campuses", "campus"), ("circuses", "circus"), ("bonuses", "bonus"),

        // Singular nouns ending in -s that the plural rules would cut.
        ("canvas", "canvas"), ("christmas", "christmas"), ("physics", "physics"), ("mathematics", "mathematics"),
        ("economics", "economics"), ("athletics", "athletics"), ("gymnastics", "gymnastics"), ("species", "species"),
        ("series", "series"), ("news", "news"), ("lens", "lens"), ("atlas", "atlas"), ("iris", "iris"),
        ("canvases", "canvas"), ("atlases", "atlas"), ("lenses", "lens"),
    ];
}
