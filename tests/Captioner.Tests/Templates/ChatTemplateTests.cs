using System.Text.Json;
using DataForge.Captioner.Templates;
using DataForge.TestUtils;

namespace DataForge.Captioner.Tests.Templates;

// Expected renderings: tests/Captioner.Tests/Templates/make_chat_template_golden.py (jinja2 with transformers'
// chat-template environment), written to Golden/expected.json.
public sealed class ChatTemplateTests
{
    private static readonly string Golden = RepoPaths.Combine("tests", "Captioner.Tests", "Templates", "Golden");
    private static readonly Lazy<JsonDocument> Expected = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Golden, "expected.json"))));

    public static TheoryData<string, string> ModelConversations()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in new[] { "llava-1.5-7b-hf", "llava-interleave-qwen-0.5b-hf", "llava-onevision-qwen2-0.5b-ov-hf", "Qwen2-VL-2B-Instruct" })
        {
            foreach (var conversation in new[] { "caption", "caption_text_only", "no_generation_prompt", "two_turns", "text_after_image_order" })
            {
                data.Add(model, conversation);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelConversations))]
    public void Render_PublishedTemplate_EqualsTransformersApplyChatTemplate(string model, string conversation)
    {
        var template = ChatTemplate.Parse(File.ReadAllText(Path.Combine(Golden, model + ".jinja")));
        var root = Expected.Value.RootElement;
        var turn = root.GetProperty("conversations").GetProperty(conversation);

        var text = template.Render(new Dictionary<string, object?>
        {
            ["messages"] = JinjaValues.FromJson(turn[0]),
            ["add_generation_prompt"] = turn[1].GetBoolean(),
        });

        Assert.Equal(root.GetProperty("renderings").GetProperty(model).GetProperty(conversation).GetString(), text);
    }

    public static TheoryData<int> EngineCases() => [.. Enumerable.Range(0, 10)];

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void Render_EngineCase_EqualsJinja2(int index)
    {
        var engineCase = Expected.Value.RootElement.GetProperty("engine")[index];
        var variables = (Dictionary<string, object?>)JinjaValues.FromJson(engineCase.GetProperty("variables"))!;

        var text = ChatTemplate.Parse(engineCase.GetProperty("template").GetString()!).Render(variables);

        Assert.Equal(engineCase.GetProperty("expected").GetString(), text);
    }

    [Theory]
    [InlineData("{% macro m() %}x{% endmacro %}", "'macro' statement is not supported")]
    [InlineData("{% include 'other.jinja' %}", "'include' statement is not supported")]
    [InlineData("{{ x | wordcount }}", "filter 'wordcount' is not supported")]
    [InlineData("{% if x is divisibleby(3) %}{% endif %}", "test 'divisibleby' is not supported")]
    [InlineData("{{ strftime_now('%Y') }}", "function 'strftime_now' is not supported")]
    [InlineData("{{ s.zfill(3) }}", "method '.zfill()' is not supported")]
    [InlineData("{% set x %}body{% endset %}", "block assignments")]
    [InlineData("{{ {'a': 1} }}", "dict literals are not supported")]
    [InlineData("{% for x in y %}no end", "expected '{% endfor %}' but found the end of the template")]
    [InlineData("{{ 2 ** 3 }}", "'**' is not supported")]
    public void Parse_UnsupportedConstruct_FailsAtLoadNamingIt(string source, string message)
    {
        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse(source));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RaiseException_FailsWithTheTemplatesMessage()
    {
        var template = ChatTemplate.Parse("{% if messages[0]['role'] != 'user' %}{{ raise_exception('Only user turns') }}{% endif %}ok");

        Assert.Equal("ok", template.Render(Messages("user")));
        var error = Assert.Throws<ChatTemplateException>(() => template.Render(Messages("assistant")));
        Assert.Equal("chat template raised: Only user turns", error.Message);
    }

    private static Dictionary<string, object?> Messages(string role) => new()
    {
        ["messages"] = new List<object?> { new Dictionary<string, object?> { ["role"] = role, ["content"] = "x" } },
    };
}
