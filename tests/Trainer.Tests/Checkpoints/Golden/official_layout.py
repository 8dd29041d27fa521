"""Official PixArt-alpha module layout at tiny size, for CheckpointOfficialLayoutTests.

The module tree below mirrors the official code's attribute names (diffusion/model/nets/PixArt.py, PixArtMS.py,
PixArt_blocks.py: PatchEmbed.proj, TimestepEmbedder.mlp, t_block, CaptionEmbedder.y_proj (timm Mlp) with the
y_embedding buffer, PixArtBlock.attn (timm Attention qkv/proj), cross_attn (MultiHeadCrossAttention
q_linear/kv_linear/proj), mlp (timm Mlp fc1/fc2), scale_shift_table, T2IFinalLayer, the pos_embed buffer, and
PixArtMS's csize_embedder/ar_embedder). Only names and shapes matter here, so forward passes are left out.

  /usr/bin/python3 official_layout.py                 -> writes official_tiny_layout.json (key -> shape, torch's own state_dict)
  /usr/bin/python3 official_layout.py FILE.pth [ms]   -> torch.load FILE and load_state_dict(strict=True) into the tiny model
"""
import json
import sys

import torch
from torch import nn

D, DEPTH, CAPTION, TOKENS, PATCH, IN, SIDE = 96, 2, 32, 8, 2, 4, 8


class Mlp(nn.Module):
    def __init__(self, i, h, o):
        super().__init__()
        self.fc1, self.act, self.fc2 = nn.Linear(i, h), nn.GELU(approximate="tanh"), nn.Linear(h, o)


class PatchEmbed(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Conv2d(IN, D, PATCH, PATCH)


class TimestepEmbedder(nn.Module):
    def __init__(self, out):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(256, out), nn.SiLU(), nn.Linear(out, out))


class CaptionEmbedder(nn.Module):
    def __init__(self):
        super().__init__()
        self.y_proj = Mlp(CAPTION, D, D)
        self.register_buffer("y_embedding", torch.randn(TOKENS, CAPTION) / CAPTION ** 0.5)


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv, self.proj = nn.Linear(D, 3 * D), nn.Linear(D, D)


class MultiHeadCrossAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.q_linear, self.kv_linear, self.proj = nn.Linear(D, D), nn.Linear(D, 2 * D), nn.Linear(D, D)


class PixArtBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(D, elementwise_affine=False, eps=1e-6)
        self.attn = Attention()
        self.cross_attn = MultiHeadCrossAttention()
        self.norm2 = nn.LayerNorm(D, elementwise_affine=False, eps=1e-6)
        self.mlp = Mlp(D, 4 * D, D)
        self.scale_shift_table = nn.Parameter(torch.randn(6, D) / D ** 0.5)


class T2IFinalLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm_final = nn.LayerNorm(D, elementwise_affine=False, eps=1e-6)
        self.linear = nn.Linear(D, PATCH * PATCH * 2 * IN)
        self.scale_shift_table = nn.Parameter(torch.randn(2, D) / D ** 0.5)


class PixArt(nn.Module):
    def __init__(self, ms):
        super().__init__()
        self.x_embedder = PatchEmbed()
        self.t_embedder = TimestepEmbedder(D)
        self.t_block = nn.Sequential(nn.SiLU(), nn.Linear(D, 6 * D))
        self.y_embedder = CaptionEmbedder()
        self.register_buffer("pos_embed", torch.zeros(1, (SIDE // PATCH) ** 2, D))
        self.blocks = nn.ModuleList([PixArtBlock() for _ in range(DEPTH)])
        self.final_layer = T2IFinalLayer()
        if ms:
            self.csize_embedder = TimestepEmbedder(D // 3)
            self.ar_embedder = TimestepEmbedder(D // 3)


def main():
    if len(sys.argv) == 1:
        layout = {name: {k: list(v.shape) for k, v in PixArt(ms).state_dict().items()} for name, ms in (("pixart", False), ("pixart_ms", True))}
        with open("official_tiny_layout.json", "w") as f:
            json.dump(layout, f, indent=1, sort_keys=True)
        return
    checkpoint = torch.load(sys.argv[1], map_location="cpu")
    model = PixArt(ms=len(sys.argv) > 2 and sys.argv[2] == "ms")
    result = model.load_state_dict(checkpoint["state_dict"], strict=True)
    print(f"strict load of {sys.argv[1]}: {result}")


if __name__ == "__main__":
    main()
