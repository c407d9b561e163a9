"""Reading an author's reply: the Redcode it holds, found without running anything."""

from __future__ import annotations

import re

from redqueen.authors._source import OPCODES
from redqueen.authors.errors import AuthorError

# A fenced block: three or more backticks or tildes, an optional info string
# (redcode, red, asm ...), the code, and the same fence closing it.
_FENCE = re.compile(
    r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n(?P<code>.*?)^[ \t]*(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_UNCLOSED = re.compile(
    r"^[ \t]*(?:`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n(?P<code>.*)\Z", re.MULTILINE | re.DOTALL
)
# Languages whose blocks are certainly not Redcode: a model that explains with
# a Python snippet after its warrior must not have the snippet taken instead.
_OTHER_LANGUAGES = {"python", "py", "sh", "bash", "shell", "json", "text", "txt", "console"}
# A whole line in the form of a Redcode instruction (optional label, opcode,
# operands, comment): prose that merely mentions "mov" or "add" does not match.
_OPERAND = r"[#$@<>*{}]?[ \t]*[-+*/%()\w \t]+"
_INSTRUCTION = re.compile(
    rf"^[ \t]*(?:[A-Za-z_]\w*:?[ \t]+)?(?:{'|'.join(OPCODES)})(?:\.[a-z]{{1,2}})?"
    rf"(?:[ \t]+{_OPERAND}(?:,[ \t]*{_OPERAND})?)?[ \t]*(?:;.*)?$",
    re.IGNORECASE | re.MULTILINE,
)


def extract_redcode(text: str) -> str:
    """The Redcode in a reply.

    The code of the last fenced block that may be Redcode (a block marked
    ``redcode`` or ``red`` is preferred over an unmarked one), or, when the reply
    has no fence, the whole text if it has at least one Redcode instruction.
    Raises :class:`AuthorError` when there is no code.
    """
    blocks = [
        (match["info"].strip().lower(), match["code"])
        for match in _FENCE.finditer(text)
        if match["info"].strip().lower() not in _OTHER_LANGUAGES
    ]
    marked = [code for info, code in blocks if info.startswith("red")]
    candidates = marked or [code for _, code in blocks]
    if candidates:
        code = candidates[-1]
        if not code.strip():
            raise AuthorError("the reply's code block is empty")
        return code if code.endswith("\n") else code + "\n"
    opened = _UNCLOSED.search(text)
    if opened and opened["info"].strip().lower() not in _OTHER_LANGUAGES:
        # A reply cut off by a token limit: the code runs to the end of the text.
        code = opened["code"]
        if code.strip():
            return code if code.endswith("\n") else code + "\n"
    if "```" in text or "~~~" in text:
        raise AuthorError("the reply has a code fence but no Redcode block in it")
    if _INSTRUCTION.search(text):
        return text if text.endswith("\n") else text + "\n"
    raise AuthorError("the reply holds no Redcode (no code block and no instruction)")
