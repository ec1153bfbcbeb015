"""A small, deterministic YAML writer for the generated files.

PyYAML's dumper picks quoting and flow style by itself; the generated files must read like
the hand-written ones (short lists and one-line conditions in flow style, long lists wrapped)
and stay byte-identical between runs. Scalars are quoted whenever YAML 1.1 (libyaml, which
the C loader uses) could read them as anything but a string: NO, ON, Y, 01, 1e3, ~ ...
"""

import re

WIDTH = 96

# Plain scalars: a letter first, then letters, digits and a few safe punctuation marks, and
# none of YAML 1.1's booleans or nulls.
_PLAIN = re.compile(r"^[^\W\d_][\w .()'/+-]*$")
_SPECIAL = re.compile(
    r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL)$")


def scalar(value):
    """One scalar as YAML text."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and not _SPECIAL.match(text) and not text.endswith(("'", " ")) \
            and ": " not in text and " #" not in text:
        return text
    return "'" + text.replace("'", "''") + "'"


def _is_flat(value):
    return isinstance(value, (str, int, bool))


def flow(value):
    """A list of scalars or a mapping of scalars (or lists of scalars) in flow style."""
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(scalar(k) + ": " + flow(v) for k, v in value.items()) + "}"
    return scalar(value)


def _flowable(value):
    if isinstance(value, list):
        return all(_is_flat(v) for v in value)
    if isinstance(value, dict):
        return all(_is_flat(v) or (isinstance(v, list) and all(_is_flat(x) for x in v))
                   for v in value.values())
    return True


def _wrapped_list(prefix, items, indent):
    """`key: [a, b, ...]` wrapped at WIDTH, continuation lines aligned after the bracket."""
    parts = [scalar(v) for v in items]
    lines, line = [], prefix + "["
    pad = " " * len(prefix + "[")
    for i, part in enumerate(parts):
        piece = part + ("," if i + 1 < len(parts) else "]")
        if len(line) + len(piece) + 1 > WIDTH and line.strip() not in ("", prefix.strip() + "["):
            lines.append(line.rstrip())
            line = pad
        elif not line.endswith("["):
            line += " "
        line += piece
    if not parts:
        line += "]"
    lines.append(line)
    return lines


def _entry(key, value, indent):
    pad = " " * indent
    head = pad + scalar(key) + ":"
    if isinstance(value, list) and (not value or _flowable(value)) and \
            all(len(str(v)) <= 40 for v in value):
        return _wrapped_list(head + " ", value, indent)
    if isinstance(value, dict) and value and _flowable(value) and len(flow(value)) + len(head) < WIDTH \
            and indent > 0:
        return [head + " " + flow(value)]
    if isinstance(value, (dict, list)):
        if not value:
            return [head + " " + ("{}" if isinstance(value, dict) else "[]")]
        return [head] + block(value, indent + 2)
    return [head + " " + scalar(value)]


def block(value, indent=0):
    """A mapping or list in block style, as lines."""
    pad = " " * indent
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            lines.extend(_entry(key, item, indent))
        return lines
    for item in value:
        if isinstance(item, dict):
            inner = block(item, indent + 2)
            lines.append(pad + "- " + inner[0][indent + 2:])
            lines.extend(inner[1:])
        else:
            lines.append(pad + "- " + scalar(item))
    return lines


def document(comment_lines, value):
    """A whole file: `# ` comment lines, then the mapping."""
    out = ["# " + c if c else "#" for c in comment_lines]
    out.extend(block(value))
    return "\n".join(out) + "\n"
