"""The prompts a language-model author sends: templates shipped in ``prompts/``.

A template is Markdown with ``{{name}}`` fields.  Not ``str.format`` or
``string.Template`` syntax: Redcode uses ``{``, ``}`` and ``$`` as addressing
modes, and the examples in the prompts would need escaping.  Filling in is a
plain substitution (no evaluation); a field the template does not know is an
error when the template is loaded, not when it is sent.
"""

from __future__ import annotations

import dataclasses
import string
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mars import MarsConfig
from redqueen.authors.errors import PromptError

# Every template may use the battle settings.
SETTINGS = ("coresize", "cycles", "processes", "maxlength", "mindistance", "pspacesize")
# The fields each template may use beyond the settings.
FIELDS: dict[str, tuple[str, ...]] = {
    "system": (),
    "new": ("family",),
    "mutate": ("parent",),
    "crossover": ("first", "second"),
    "repair": ("error", "code"),
}


class _Template(string.Template):
    # ``{{name}}``; ``{{`` not followed by a name and ``}}`` is left as text.
    flags = 0
    pattern = r"\{\{(?:(?P<named>[a-z_]+)\}\}|(?P<braced>(?!))|(?P<escaped>(?!))|(?P<invalid>(?!)))"


@dataclass(frozen=True)
class Prompts:
    """The template text of each prompt: the system prompt and one per task.

    ``system`` explains Redcode and the answer format; ``new``, ``mutate`` and
    ``crossover`` ask for a warrior; ``repair`` sends back code that does not
    assemble with the assembler's message.
    """

    system: str
    new: str
    mutate: str
    crossover: str
    repair: str

    def __post_init__(self) -> None:
        for name in FIELDS:
            _check(name, getattr(self, name), f"the {name} prompt")

    @classmethod
    def shipped(cls) -> Prompts:
        """The prompts that come with the package."""
        folder = resources.files("redqueen.authors") / "prompts"
        return cls(**{name: (folder / f"{name}.md").read_text("utf-8") for name in FIELDS})

    @classmethod
    def load(cls, directory: str | Path) -> Prompts:
        """The shipped prompts with any of ``system.md``, ``new.md``, ``mutate.md``,
        ``crossover.md`` and ``repair.md`` in ``directory`` taking their place."""
        directory = Path(directory)
        if not directory.is_dir():
            raise PromptError(f"{directory}: no such prompt directory")
        texts = {}
        for name in FIELDS:
            path = directory / f"{name}.md"
            if not path.exists():
                continue
            try:
                texts[name] = path.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise PromptError(f"{path}: cannot read the prompt ({error})") from error
            _check(name, texts[name], str(path))
        return dataclasses.replace(cls.shipped(), **texts)

    def render(self, name: str, config: MarsConfig, **fields: str) -> str:
        """Template ``name`` filled with the battle settings and ``fields``."""
        values = {key: str(getattr(config.resolved(), key)) for key in SETTINGS}
        missing = set(FIELDS[name]) - set(fields)
        if missing:
            raise PromptError(f"the {name} prompt needs {', '.join(sorted(missing))}")
        return _Template(getattr(self, name)).substitute(values | fields)


def _check(name: str, text: str, where: str) -> None:
    """Raise unless every field in ``text`` is one the ``name`` prompt is given."""
    unknown = set(_Template(text).get_identifiers()) - set(SETTINGS) - set(FIELDS[name])
    if unknown:
        known = ", ".join(SETTINGS + FIELDS[name])
        raise PromptError(
            f"{where}: unknown field {{{{{sorted(unknown)[0]}}}}}; the {name} prompt knows {known}"
        )
