namespace DataForge.ShapeWorld;

/// <summary>
/// Writes web-style alt-text for a scene, the way LAION's captions look: a product title or stock-photo label that
/// names at most one object (sometimes none, sometimes with the wrong colour), wrapped in marketplace phrases, SEO
/// words and made-up brand names. The many rare words are the point: like LAION they give many distinct nouns, few
/// of them frequent, and few nouns that describe what is actually in the image.
/// </summary>
internal static class AltTextWriter
{
    private static readonly string[] Products =
    [
        "poster", "print", "sticker", "decal", "mug", "pillow", "cushion cover", "blanket", "tote bag", "t shirt", "hoodie",
        "phone case", "notebook", "greeting card", "invitation", "wallpaper", "fabric", "rug", "canvas", "wall clock", "pendant",
        "necklace", "earrings", "keychain", "fridge magnet", "button badge", "patch", "logo", "icon", "clipart", "banner",
        "template", "mockup", "photo frame", "lamp", "curtain", "beach towel", "apron", "jigsaw puzzle", "coaster", "tile",
        "doormat", "vase", "ornament", "charm", "scarf", "sock", "wrapping paper", "gift box", "bookmark", "stencil", "cookie cutter",
        "lunchbox", "backpack", "umbrella", "flag", "napkin", "tablecloth", "quilt", "duvet", "lampshade", "planter", "candle", "soap",
        "brooch", "cufflinks", "bracelet", "ring box", "hair clip", "bandana", "beanie", "cap", "onesie", "bib", "romper", "tumbler",
        "water bottle", "thermos", "teapot", "saucer", "platter", "cutting board", "trivet", "calendar", "planner", "journal", "postcard",
        "envelope", "label", "tag", "ribbon", "balloon", "pinata", "confetti", "garland", "wreath", "mosaic", "embroidery kit", "quilt block",
        "cross stitch chart", "knitting pattern", "sewing pattern", "iron on transfer", "rubber stamp", "wax seal", "enamel pin", "lanyard",
        "mousepad", "laptop skin", "tablet sleeve", "wallet", "purse", "clutch", "keyring", "coin pouch", "passport cover", "luggage tag",
    ];

    private static readonly string[] Seo =
    [
        "home decor", "gift idea", "free shipping", "high quality", "HD", "premium", "vintage", "modern", "minimalist", "boho",
        "aesthetic", "cute", "best seller", "new arrival", "sale", "for kids room", "nursery decor", "office supplies", "wholesale",
        "handmade", "digital download", "printable", "instant download", "royalty free", "trendy", "2019", "2021", "unisex",
    ];

    private static readonly string[] Markets =
    [
        "Etsy", "Amazon.com", "eBay", "Redbubble", "Zazzle", "Society6", "Shutterstock", "Dreamstime", "iStock", "Walmart",
        "AliExpress", "Teepublic", "Pinterest", "Alamy", "Depositphotos", "Freepik", "Vecteezy", "Wish",
    ];

    private static readonly string[] Abstract =
    [
        "abstract geometric wallpaper", "stock vector shapes", "geometric shapes background", "seamless pattern with simple shapes",
        "minimal abstract composition", "colorful shapes illustration", "flat design elements set", "abstract background texture",
        "kids shapes learning flashcards", "memphis style pattern", "bauhaus art print", "modern art composition",
    ];

    private static readonly string[] Syllables =
    [
        "zo", "ra", "vi", "que", "tal", "mo", "ne", "xi", "lu", "ka", "dor", "fen", "bri", "sto", "gal", "pix", "ver", "na", "tek", "lo",
    ];

    private static readonly string[] Tails =
    [
        " | Free Shipping", " - Buy Online", " | Shop Now", " - Best Price Guarantee", " for Men and Women", " - Gift for Her",
        " | Wholesale Supplier", " - Limited Edition", " | Kids Gift", " - Clearance Sale", " | Fast Delivery", " - Size Chart",
    ];

    /// <summary>Writes the alt-text.</summary>
    /// <param name="graph">The scene.</param>
    /// <param name="random">The choices.</param>
    /// <returns>The alt-text.</returns>
    public static string Write(SceneGraph graph, Random random)
    {
        var obj = graph.Objects[random.Next(graph.Objects.Count)];
        var color = random.Next(5) == 0 ? ShapePalette.Colors[random.Next(ShapePalette.Colors.Count)].Name : obj.ColorName;
        var shape = CaptionWords.Noun(obj.Shape);
        var product = Pick(Products, random);
        var brand = Brand(random);
        var market = Pick(Markets, random);
        var seo = Pick(Seo, random);
        var background = graph.Background!.ColorName;
        var text = random.Next(10) switch
        {
            0 => Pick(Abstract, random),
            1 => $"{Title(Pick(Abstract, random))} - {brand} | {market}",
            2 => $"{Title($"{color} {shape} {product}")} {Title(seo)} - {brand}",
            3 => $"{shape} icon vector illustration isolated on {background} background",
            4 => $"{color}-{shape}-{product.Replace(' ', '-')}-{random.Next(1000, 99999)}",
            5 => $"Set Of {random.Next(2, 7)} {Title(shape)} Prints Gallery Wall Art {Pick(["8x10", "5x7", "A4", "11x14"], random)}",
            6 => $"{Title($"{seo} {shape} {product}")} by {brand}",
            7 => $"{color} {shape} on {background} background. stock photo",
            8 => $"{brand} {Title(product)} {Title(color)} {random.Next(100, 999)} | {market}",
            _ => $"{Title(seo)} {Title(product)} with {Title(shape)} Design {brand} {random.Next(2015, 2024)}",
        };

        // Marketplace listings pile on more: another product, a collection, a shop phrase.
        return random.Next(3) switch
        {
            0 => text,
            1 => $"{text}{Pick(Tails, random)}",
            _ => $"{text}, {Title(Pick(Products, random))} - {Brand(random)} Collection",
        };
    }

    private static string Brand(Random random)
    {
        var parts = random.Next(2, 4);
        var name = string.Concat(Enumerable.Range(0, parts).Select(_ => Pick(Syllables, random)));
        return CaptionWords.Capitalize(name) + Pick(["", "", " Designs", " Studio", " Co", "'s Shop"], random);
    }

    private static string Title(string text) => string.Join(' ', text.Split(' ').Select(CaptionWords.Capitalize));

    private static string Pick(string[] items, Random random) => items[random.Next(items.Length)];
}
