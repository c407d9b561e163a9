"""The ``openai`` author: a language model behind any OpenAI-compatible chat endpoint.

OpenAI itself, vLLM, Ollama or a llama.cpp server: :class:`OpenAIAuthor` sends
the prompts of :class:`~redqueen.authors.templates.Prompts`, retries rate
limits, server errors and timeouts with its own backoff, sends code that does
not assemble back once for repair, and keeps every answer in an on-disk cache
keyed by the request, so a repeated or resumed run never pays twice.  The API
key is read from an environment variable at construction and goes nowhere but
the client: not into the cache, its keys or the log.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import random
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import openai

from mars import DEFAULT_CONFIG, MarsConfig, MarsError, assemble
from redqueen.authors.errors import AuthorError
from redqueen.authors.replies import extract_redcode
from redqueen.authors.request import Reply, Request
from redqueen.authors.templates import Prompts

log = logging.getLogger(__name__)

# Servers that ignore the key (vLLM, Ollama, llama.cpp) still need the client to send one.
_NO_KEY = "no-key"
# Errors worth another try: the server is busy, broken for now, slow or unreachable.
_TRANSIENT = (openai.RateLimitError, openai.InternalServerError, openai.APIConnectionError)
# A 200 whose body is not a chat completion (a broken proxy or server): the
# client fails to decode it, or the completion lacks the parts read here.
_MALFORMED = (openai.APIResponseValidationError, AttributeError, IndexError, TypeError, ValueError)
# Bumped when the cache's file format changes, so old entries are not misread.
_CACHE_VERSION = 1


@dataclass(frozen=True)
class LLMConfig:
    """How to reach the model and how hard to try.

    ``api_key_env`` is the *name* of the environment variable holding the key;
    when it is unset a placeholder is sent (local servers ignore keys).  A call
    is tried ``1 + retries`` times; the wait before try ``n`` is
    ``min(backoff_max, backoff_base * 2**n)`` seconds times a jitter in
    [0.5, 1) drawn from the request's seed (or the server's ``Retry-After``,
    when it asks for longer, up to ``backoff_max``).  Prices are per 1000
    tokens.  ``cache_dir`` ``None`` turns the cache off.  ``prompts`` is a
    directory of templates replacing the shipped ones (:meth:`Prompts.load`).
    """

    model: str
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    temperature: float = 0.8
    max_tokens: int = 2048
    concurrency: int = 4
    timeout: float = 120.0
    retries: int = 4
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    price_in: float = 0.0
    price_out: float = 0.0
    cache_dir: str | Path | None = None
    repair: bool = True
    prompts: str | Path | None = None

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, got {self.concurrency}")
        if self.retries < 0:
            raise ValueError(f"retries must be at least 0, got {self.retries}")


@dataclass(frozen=True)
class _Answer:
    """One chat completion, as cached."""

    text: str
    tokens_in: int
    tokens_out: int
    seconds: float


class OpenAIAuthor:
    """Writes warriors with a chat model for one set of battle settings."""

    name = "openai"

    def __init__(
        self,
        llm: LLMConfig,
        config: MarsConfig = DEFAULT_CONFIG,
        prompts: Prompts | None = None,
    ) -> None:
        self.llm = llm
        self.config = config.resolved()
        self.prompts = prompts or Prompts.shipped()
        key = os.environ.get(llm.api_key_env)
        if not key:
            log.info("%s is not set; sending a placeholder key", llm.api_key_env)
        # The client's own retries are off: retrying is this class's job.
        self._client = openai.OpenAI(
            api_key=key or _NO_KEY, base_url=llm.base_url, timeout=llm.timeout, max_retries=0
        )

    def write(self, requests: Sequence[Request]) -> list[Reply]:
        """One reply per request, in order, ``concurrency`` calls at a time.

        A request that fails after its retries gets a reply with empty text and
        ``error``; one whose code still does not assemble (after a repair, when
        enabled) keeps its text and has the assembler's message in ``error``.
        ``tokens_*``, ``seconds`` and ``cost`` cover both calls of a repaired
        reply; ``repaired_from`` is the first one.
        """
        if not requests:
            return []
        with ThreadPoolExecutor(min(self.llm.concurrency, len(requests))) as pool:
            return list(pool.map(self._reply, requests))

    def _reply(self, request: Request) -> Reply:
        messages = [
            {"role": "system", "content": self.prompts.render("system", self.config)},
            {"role": "user", "content": self._task(request)},
        ]
        try:
            first = self._reply_to(request, messages)
        except AuthorError as error:
            return Reply(request, "", self.name, error=str(error))
        if first.error is None or not self.llm.repair:
            return first
        code = _code_or_text(first.text)
        repair = self.prompts.render("repair", self.config, error=first.error, code=code)
        messages += [
            {"role": "assistant", "content": first.text},
            {"role": "user", "content": repair},
        ]
        try:
            second = self._reply_to(request, messages)
        except AuthorError as error:
            # The first reply was paid for: keep it, and say why it stays broken.
            return dataclasses.replace(first, error=f"{first.error}; the repair failed: {error}")
        return dataclasses.replace(
            second,
            tokens_in=first.tokens_in + second.tokens_in,
            tokens_out=first.tokens_out + second.tokens_out,
            seconds=first.seconds + second.seconds,
            cost=first.cost + second.cost,
            repaired_from=first,
        )

    def _task(self, request: Request) -> str:
        if request.kind == "new":
            family = request.family or "your choice"
            return self.prompts.render("new", self.config, family=family)
        if request.kind == "mutate":
            return self.prompts.render("mutate", self.config, parent=request.parents[0].strip())
        first, second = (parent.strip() for parent in request.parents)
        return self.prompts.render("crossover", self.config, first=first, second=second)

    def _reply_to(self, request: Request, messages: list[dict[str, str]]) -> Reply:
        """The model's reply to ``messages``, with the assembler's message in
        ``error`` when its code does not assemble.  Raises :class:`AuthorError`
        when the call fails."""
        answer = self._answer(request, messages)
        cost = (
            answer.tokens_in * self.llm.price_in + answer.tokens_out * self.llm.price_out
        ) / 1000
        try:
            assemble(extract_redcode(answer.text), self.config)
            error = None
        except MarsError as problem:
            error = str(problem)
        return Reply(
            request,
            answer.text,
            self.name,
            tokens_in=answer.tokens_in,
            tokens_out=answer.tokens_out,
            seconds=answer.seconds,
            cost=cost,
            error=error,
        )

    def _answer(self, request: Request, messages: list[dict[str, str]]) -> _Answer:
        """The cached answer to ``messages``, or a fresh one (then cached)."""
        key = self._cache_key(request, messages)
        folder = self.llm.cache_dir
        path = Path(folder) / key[:2] / f"{key}.json" if folder is not None else None
        if path is not None and path.exists():
            log.debug("request %s: answer from the cache (%s)", request.seed, key)
            return _Answer(**json.loads(path.read_text("utf-8"))["answer"])
        answer = self._call(request, messages)
        if path is not None:
            record = {"version": _CACHE_VERSION, "answer": dataclasses.asdict(answer)}
            _write_atomically(path, json.dumps(record, indent=1))
        return answer

    def _cache_key(self, request: Request, messages: list[dict[str, str]]) -> str:
        """What the answer depends on (never the key or anything derived from it)."""
        llm = self.llm
        identity = {
            "version": _CACHE_VERSION,
            "model": llm.model,
            "base_url": llm.base_url,
            "temperature": llm.temperature,
            "max_tokens": llm.max_tokens,
            "seed": request.seed,
            "messages": messages,
        }
        return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()

    def _call(self, request: Request, messages: list[dict[str, str]]) -> _Answer:
        """One chat completion, retried with backoff on transient errors."""
        rng = random.Random(request.seed)
        tries = 1 + self.llm.retries
        for attempt in range(tries):
            start = time.perf_counter()
            try:
                completion = self._client.chat.completions.create(
                    model=self.llm.model,
                    messages=messages,
                    temperature=self.llm.temperature,
                    max_tokens=self.llm.max_tokens,
                    seed=request.seed,
                )
                return _Answer(
                    completion.choices[0].message.content or "",
                    completion.usage.prompt_tokens if completion.usage else 0,
                    completion.usage.completion_tokens if completion.usage else 0,
                    time.perf_counter() - start,
                )
            except (*_TRANSIENT, *_MALFORMED) as error:
                problem, wait = _describe(error), self._wait(error, attempt, rng)
            except openai.APIError as error:
                raise AuthorError(f"{self.llm.model}: {_describe(error)}") from error
            if attempt + 1 < tries:
                log.warning(
                    "request %s: %s; try %d of %d in %.2f s",
                    request.seed, problem, attempt + 2, tries, wait,
                )  # fmt: skip
                time.sleep(wait)
        raise AuthorError(f"{self.llm.model}: {problem} (gave up after {tries} tries)")

    def _wait(self, error: Exception, attempt: int, rng: random.Random) -> float:
        wait = min(self.llm.backoff_max, self.llm.backoff_base * 2**attempt)
        wait *= 0.5 + rng.random() / 2
        if isinstance(error, openai.APIStatusError):
            asked = error.response.headers.get("retry-after", "")
            if asked.replace(".", "", 1).isdigit():
                wait = max(wait, min(float(asked), self.llm.backoff_max))
        return wait


def _describe(error: Exception) -> str:
    """What went wrong, in one line (the client's messages may quote the body)."""
    if not isinstance(error, openai.APIError):
        return f"malformed reply ({type(error).__name__}: {error})"
    if isinstance(error, openai.APITimeoutError):
        return "timed out"
    if isinstance(error, openai.APIStatusError):
        return f"HTTP {error.status_code} ({type(error).__name__})"
    return f"{type(error).__name__}: {error}"


def _code_or_text(text: str) -> str:
    """The code to send back for repair: the reply's Redcode, or all of it when it has none."""
    try:
        return extract_redcode(text).rstrip("\n")
    except AuthorError:
        return text.strip()


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as file:
        file.write(text)
    os.replace(file.name, path)
