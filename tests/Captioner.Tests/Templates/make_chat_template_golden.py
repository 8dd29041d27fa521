#!/usr/bin/python3
"""Golden renderings for ChatTemplate: the four models' published chat templates rendered by jinja2 the way
transformers' apply_chat_template renders them.

Run from the repository root with Debian's python3-jinja2 (3.1.2 was used):
    /usr/bin/python3 tests/Captioner.Tests/Templates/make_chat_template_golden.py

transformers is not installable here, so its template environment is rebuilt from its source
(utils/chat_template_utils.py, _compile_jinja_template): ImmutableSandboxedEnvironment(trim_blocks=True,
lstrip_blocks=True, extensions=[AssistantTracker, jinja2.ext.loopcontrols]), a tojson filter (json.dumps with
ensure_ascii=False) and a raise_exception global. AssistantTracker's {% generation %} block renders its body.
The templates are Golden/<model>.jinja, verbatim from each model's chat_template.json (llava-hf/llava-1.5-7b-hf,
llava-hf/llava-interleave-qwen-0.5b-hf, llava-hf/llava-onevision-qwen2-0.5b-ov-hf, Qwen/Qwen2-VL-2B-Instruct).
Writes Golden/expected.json: per model and conversation, the rendered text.
"""
import json
import os

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "Golden")


class AssistantTracker(Extension):
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_render", []), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


ENV = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[AssistantTracker, jinja2.ext.loopcontrols])
ENV.filters["tojson"] = tojson
ENV.globals["raise_exception"] = raise_exception

PROMPT = "Describe this image and its style in a very detailed manner"
CONVERSATIONS = {
    # What the captioner renders: one user turn, the image then the prompt, with the generation prompt.
    "caption": ([{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": PROMPT}]}], True),
    "caption_text_only": ([{"role": "user", "content": [{"type": "text", "text": "Say hi"}]}], True),
    "no_generation_prompt": ([{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is it?"}]}], False),
    "two_turns": ([
        {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is it?"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "A cat."}]},
        {"role": "user", "content": [{"type": "text", "text": "And its colour?"}]},
    ], True),
    "text_after_image_order": ([{"role": "user", "content": [{"type": "text", "text": "Compare"}, {"type": "image"}, {"type": "image"}]}], True),
}


# Small templates for the engine's own rules (whitespace control, scoping, operators, filters, tests), rendered
# with the variables beside them.
ENGINE_CASES = [
    ("{% for x in items %}\n  {{ x }}\n{% endfor %}\n", {"items": [1, 2]}),
    ("  {% if true %}\nyes\n  {% endif %}\nafter", {}),
    ("a  {%- if true -%}  b  {%- endif -%}  c", {}),
    ("{{- ' x ' -}}\n{# comment #}\n  {#- c -#}  y", {}),
    ("{% set n = namespace(v=0) %}{% for i in items %}{% set n.v = n.v + i %}{% set local = i %}{% endfor %}{{ n.v }}|{{ local is defined }}", {"items": [1, 2, 3]}),
    ("{% for m in messages %}{{ loop.index }}/{{ loop.length }}{{ '!' if loop.first }}{{ '.' if loop.last else ',' }}{% endfor %}", {"messages": ["a", "b", "c"]}),
    ("{{ name ~ 1 ~ none ~ true }} {{ 'A b'.lower() }} {{ ' pad ' | trim }}|{{ items | length }} {{ 'x' in 'xyz' }} {{ 3 not in items }}", {"name": "n", "items": [1, 2]}),
    ("{% if messages[0]['role'] == 'system' %}{% set system = messages[0]['content'] %}{% set rest = messages[1:] %}{% else %}{% set system = 'default' %}{% set rest = messages %}{% endif %}[{{ system }}]{% for m in rest %}<{{ m['role'] | upper }}:{{ m['content'] | trim }}>{% endfor %}", {"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": " hi "}]}),
    ("{% for m in messages if m.role != 'system' %}{{ m.role }}{% else %}none{% endfor %}|{% for m in [] %}x{% else %}empty{% endfor %}", {"messages": [{"role": "system"}, {"role": "user"}]}),
    ("{% for i in range(5) %}{% if i == 1 %}{% continue %}{% endif %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{% endfor %} {{ undefined_thing }}|{{ x | default('d') }}|{{ [1, 'a'] | tojson }}|{{ {'k': 'v'} is mapping }}".replace("{{ {'k': 'v'} is mapping }}", "{{ m is mapping }}"), {"m": {"k": "v"}}),
]


def main():
    expected = {"jinja2_version": jinja2.__version__, "prompt": PROMPT, "conversations": CONVERSATIONS, "renderings": {}}
    for name in sorted(os.listdir(GOLDEN)):
        if not name.endswith(".jinja"):
            continue
        with open(os.path.join(GOLDEN, name)) as f:
            template = ENV.from_string(f.read())
        expected["renderings"][name[:-6]] = {
            key: template.render(messages=messages, add_generation_prompt=gen) for key, (messages, gen) in CONVERSATIONS.items()
        }
    expected["engine"] = [{"template": t, "variables": v, "expected": ENV.from_string(t).render(**v)} for t, v in ENGINE_CASES]
    with open(os.path.join(GOLDEN, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(json.dumps(expected["engine"], indent=1))


if __name__ == "__main__":
    main()
