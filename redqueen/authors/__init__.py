"""Authors of Redcode for coevolution: who writes the warriors the engine evaluates.

An :class:`Author` answers :class:`Request` s (a new warrior, a mutation, a
crossover) with :class:`Reply` s holding text; :func:`extract_redcode` takes
the code out of a reply, as it would from a language model's answer.
:class:`OfflineAuthor` writes without a network, deterministically per seed;
:class:`OpenAIAuthor` asks a chat model (:class:`LLMConfig`) with the
:class:`Prompts` shipped in ``prompts/`` or your own.
"""

from redqueen.authors.errors import AuthorError, PromptError
from redqueen.authors.llm import LLMConfig, OpenAIAuthor
from redqueen.authors.offline import FAMILIES, OfflineAuthor
from redqueen.authors.replies import extract_redcode
from redqueen.authors.request import Author, Kind, Reply, Request
from redqueen.authors.templates import Prompts

__all__ = [
    "FAMILIES",
    "Author",
    "AuthorError",
    "Kind",
    "LLMConfig",
    "OfflineAuthor",
    "OpenAIAuthor",
    "PromptError",
    "Prompts",
    "Reply",
    "Request",
    "extract_redcode",
]
