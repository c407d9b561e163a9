"""Authors of Redcode for coevolution: who writes the warriors the engine evaluates.

An :class:`Author` answers :class:`Request` s (a new warrior, a mutation, a
crossover) with :class:`Reply` s holding text; :func:`extract_redcode` takes
the code out of a reply, as it would from a language model's answer.
:class:`OfflineAuthor` writes without a network, deterministically per seed.
"""

from redqueen.authors.errors import AuthorError
from redqueen.authors.offline import FAMILIES, OfflineAuthor
from redqueen.authors.replies import extract_redcode
from redqueen.authors.request import Author, Kind, Reply, Request

__all__ = [
    "FAMILIES",
    "Author",
    "AuthorError",
    "Kind",
    "OfflineAuthor",
    "Reply",
    "Request",
    "extract_redcode",
]
