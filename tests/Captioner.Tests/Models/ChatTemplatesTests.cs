using DataForge.Captioner.Models;

namespace DataForge.Captioner.Tests.Models;

public sealed class ChatTemplatesTests
{
    [Fact]
    public void Format_ChatMl_WrapsTheUserTurnAndOpensTheAssistantTurn()
    {
        Assert.Equal("<|im_start|>user <image><image><image>\nDescribe<|im_end|><|im_start|>assistant\n",
            ChatTemplates.Format(ChatTemplateKind.ChatMl, "Describe", "<image>", 3));
    }

    [Fact]
    public void Detect_UsesTheTemplateTextFirstThenTheTextModelType()
    {
        Assert.Equal(ChatTemplateKind.ChatMl, ChatTemplates.Detect("{{'<|im_start|>' + role}}", "llama"));
        Assert.Equal(ChatTemplateKind.Llava15, ChatTemplates.Detect("{{ message['role'].upper() + ': '}}", "qwen2"));
        Assert.Equal(ChatTemplateKind.ChatMl, ChatTemplates.Detect(null, "qwen2"));
        Assert.Equal(ChatTemplateKind.Llava15, ChatTemplates.Detect(null, "llama"));
    }

    [Fact]
    public void Fill_ReplacesBothPlaceholderSpellings()
    {
        Assert.Equal("Given the caption of this image \"a dog\", describe this image in a very detailed manner",
            CaptionPrompts.Fill(CaptionPrompts.PixArtWithCaption, " a dog "));
        Assert.Equal("caption: x", CaptionPrompts.Fill("caption: {}", "x"));
        Assert.Equal(CaptionPrompts.PixArtPaper, CaptionPrompts.Fill(CaptionPrompts.PixArtPaper, null));
    }
}
