using DataForge.TestUtils;

namespace DataForge.NounStats.Tests;

/// <summary>Paths of the shared real data the tests read in place.</summary>
internal static class NounStatsTestData
{
    public static string Treebank => SharedData.Path("ud", "UD_English-EWT");

    public static string EwtTest => SharedData.Path("ud", "UD_English-EWT", "en_ewt-ud-test.conllu");

    public static string EwtDev => SharedData.Path("ud", "UD_English-EWT", "en_ewt-ud-dev.conllu");

    public static string LaionTest1000 => SharedData.Path("laion", "test_1000.parquet");

    public static string LaionTest10000 => SharedData.Path("laion", "test_10000.parquet");

    public static string DenseCaptions => SharedData.Path("captions", "derived_detail_captions.jsonl");

    public static string ShippedModel => RepoPaths.Combine("src", "NounStats", "Model", "en_ewt_tagger.bin");
}
