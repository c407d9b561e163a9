"""The ``openai`` author against a local OpenAI-compatible server started by each test.

The server speaks the chat-completions wire format over real HTTP, so the
author's whole path runs: the ``openai`` client, retries, timeouts, the cache.
Each test scripts what the server does with the calls it receives.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import warriors
from mars import assemble
from redqueen.authors import (
    Author,
    LLMConfig,
    OpenAIAuthor,
    PromptError,
    Prompts,
    Request,
    extract_redcode,
)

STANDARD = warriors.SETTINGS["standard"]
KEY = "sk-test-do-not-store-4711"
WARRIOR = ";name Quartz\nloop add.ab #4, bomb\nmov.i bomb, @bomb\njmp loop\nbomb dat #0, #0\nend\n"
BROKEN = ";name Broken\nloop mov.i bomb, @nowhere\n"

# What the server does with one call: (HTTP status, extra headers, body, delay in seconds).
Behaviour = Callable[[dict], tuple[int, dict[str, str], bytes, float]]


def ok(text: str = f"A stone.\n\n```redcode\n{WARRIOR}```\n", delay: float = 0.0) -> Behaviour:
    """A chat completion holding ``text`` (``{seed}`` is replaced by the request's seed)."""

    def behave(body: dict) -> tuple[int, dict[str, str], bytes, float]:
        content = text.replace("{seed}", str(body["seed"]))
        completion = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1700000000,
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 1000, "completion_tokens": 200, "total_tokens": 1200},
        }
        return 200, {}, json.dumps(completion).encode(), delay

    return behave


def status(code: int, headers: dict[str, str] | None = None) -> Behaviour:
    error = json.dumps({"error": {"message": f"status {code}", "type": "test"}}).encode()
    return lambda body: (code, headers or {}, error, 0.0)


def raw(payload: bytes) -> Behaviour:
    return lambda body: (200, {}, payload, 0.0)


class FakeServer(ThreadingHTTPServer):
    """``POST /v1/chat/completions`` following a script; the last behaviour repeats."""

    daemon_threads = True

    def __init__(self, script: list[Behaviour]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = list(script)
        self.bodies: list[dict] = []
        self.keys: list[str] = []
        self.active = self.peak = 0
        self.lock = threading.Lock()
        # Calls wait (up to 2 s) until this many are in flight: proof of parallel calls.
        self.gather = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    @property
    def calls(self) -> int:
        return len(self.bodies)

    def take(self, body: dict, key: str) -> Behaviour:
        with self.lock:
            self.bodies.append(body)
            self.keys.append(key)
            self.active += 1
            self.peak = max(self.peak, self.active)
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]


class _Handler(BaseHTTPRequestHandler):
    server: FakeServer

    def do_POST(self) -> None:  # noqa: N802 (the http.server convention)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        behave = self.server.take(body, self.headers.get("Authorization", ""))
        try:
            code, headers, payload, delay = behave(body)
            deadline = time.monotonic() + 2
            while self.server.active < self.server.gather and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(delay)
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass  # the client gave up (a timeout test)
        finally:
            with self.server.lock:
                self.server.active -= 1

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[Callable[..., FakeServer]]:
    servers: list[FakeServer] = []

    def start(*script: Behaviour) -> FakeServer:
        server = FakeServer(list(script))
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDQUEEN_TEST_KEY", KEY)


def author(server: FakeServer, **settings: object) -> OpenAIAuthor:
    """An author of the test server with tiny timeouts and backoffs."""
    llm = {
        "model": "fake-model",
        "base_url": server.url,
        "api_key_env": "REDQUEEN_TEST_KEY",
        "timeout": 2.0,
        "retries": 2,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
    }
    return OpenAIAuthor(LLMConfig(**(llm | settings)), STANDARD)  # type: ignore[arg-type]


def test_a_good_reply_with_tokens_cost_and_the_prompts_sent(serve) -> None:
    server = serve(ok())
    writer: Author = author(server, price_in=0.5, price_out=2.0, temperature=0.3)
    assert writer.name == "openai"
    (reply,) = writer.write([Request("new", seed=7, family="paper")])
    assert reply.error is None and reply.repaired_from is None and reply.author == "openai"
    assemble(extract_redcode(reply.text), STANDARD)
    assert (reply.tokens_in, reply.tokens_out) == (1000, 200)
    assert reply.cost == pytest.approx(1000 / 1000 * 0.5 + 200 / 1000 * 2.0)
    assert reply.seconds > 0
    (body,) = server.bodies
    assert (body["model"], body["temperature"], body["seed"]) == ("fake-model", 0.3, 7)
    system, user = body["messages"]
    assert system["role"] == "system" and "Core size: 8000" in system["content"]
    assert user["role"] == "user" and "paper" in user["content"]
    assert server.keys == [f"Bearer {KEY}"]


def test_parents_go_into_mutate_and_crossover_prompts(serve) -> None:
    server = serve(ok())
    first, second = ";name One\nmov.i #0, 1\n", ";name Two\njmp 0\n"
    author(server).write(
        [Request("mutate", (first,), seed=1), Request("crossover", (first, second), seed=2)]
    )
    by_seed = {body["seed"]: body["messages"][1]["content"] for body in server.bodies}
    mutate, crossover = by_seed[1], by_seed[2]
    assert "mov.i #0, 1" in mutate
    assert "mov.i #0, 1" in crossover and "jmp 0" in crossover


def test_replies_come_in_order_with_calls_in_parallel(serve) -> None:
    server = serve(ok("```redcode\n;name W{seed}\nmov.i #0, 1\n```", delay=0.05))
    server.gather = 3
    requests = [Request("new", seed=s) for s in range(6)]
    replies = author(server, concurrency=3).write(requests)
    assert server.peak == 3
    assert [r.request for r in replies] == requests
    assert [f";name W{s}" in r.text for s, r in enumerate(replies)] == [True] * 6


def test_the_cache_answers_a_repeated_run_without_calls_or_the_key(serve, tmp_path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    server = serve(ok())
    requests = [Request("new", seed=s) for s in range(3)]
    first = author(server, cache_dir=tmp_path).write(requests)
    assert server.calls == 3
    again = author(server, cache_dir=tmp_path).write(requests)
    assert server.calls == 3 and again == first
    author(server, cache_dir=tmp_path, temperature=0.1).write(requests[:1])
    assert server.calls == 4, "another temperature is another answer"
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(files) == 4 and all(path.suffix == ".json" for path in files)
    assert not any(KEY in path.read_text() for path in files)
    assert KEY not in caplog.text


def test_code_that_does_not_assemble_is_sent_back_once(serve) -> None:
    server = serve(ok(f"```redcode\n{BROKEN}```"), ok())
    (reply,) = author(server, price_in=1.0).write([Request("new", seed=3)])
    assert server.calls == 2 and reply.error is None
    assemble(extract_redcode(reply.text), STANDARD)
    first = reply.repaired_from
    assert first is not None and "nowhere" in first.error and "Broken" in first.text
    assert (reply.tokens_in, reply.cost) == (2000, 2.0)
    repair = server.bodies[1]["messages"]
    assert [m["role"] for m in repair] == ["system", "user", "assistant", "user"]
    assert first.error in repair[3]["content"] and "@nowhere" in repair[3]["content"]


def test_a_reply_still_broken_after_repair_keeps_text_and_error(serve) -> None:
    server = serve(ok("I would rather not write a warrior."))
    (reply,) = author(server).write([Request("new", seed=3)])
    assert server.calls == 2
    assert reply.text.startswith("I would rather") and "no Redcode" in reply.error
    (unrepaired,) = author(server, repair=False).write([Request("new", seed=4)])
    assert server.calls == 3 and unrepaired.error and unrepaired.repaired_from is None


def test_a_failed_repair_keeps_the_first_reply(serve) -> None:
    server = serve(ok(f"```redcode\n{BROKEN}```"), status(401))
    (reply,) = author(server).write([Request("new", seed=3)])
    assert server.calls == 2 and "Broken" in reply.text and reply.tokens_in == 1000
    assert "nowhere" in reply.error and "repair failed" in reply.error and "HTTP 401" in reply.error


@pytest.mark.parametrize("payload", [b"{not json", b'{"id": "x", "choices": []}', b"[]"])
def test_a_malformed_body_is_retried(serve, payload: bytes) -> None:
    server = serve(raw(payload), ok())
    (reply,) = author(server).write([Request("new", seed=1)])
    assert server.calls == 2 and reply.error is None
    always = serve(raw(payload))
    (failed,) = author(always, retries=1).write([Request("new", seed=1)])
    assert always.calls == 2 and failed.text == "" and "malformed" in failed.error


@pytest.mark.parametrize("code", [429, 500, 503])
def test_rate_limits_and_server_errors_are_retried(serve, code: int) -> None:
    server = serve(status(code), status(code), ok())
    (reply,) = author(server).write([Request("new", seed=1)])
    assert server.calls == 3 and reply.error is None
    always = serve(status(code))
    (failed,) = author(always).write([Request("new", seed=1)])
    assert always.calls == 3 and failed.text == ""
    assert f"HTTP {code}" in failed.error and "3 tries" in failed.error


def test_retry_after_is_honoured_up_to_the_backoff_limit(serve) -> None:
    server = serve(status(429, {"Retry-After": "0.3"}), ok())
    started = time.perf_counter()
    (reply,) = author(server, backoff_max=0.4).write([Request("new", seed=1)])
    assert reply.error is None and time.perf_counter() - started >= 0.3


def test_a_slow_server_times_out_and_is_retried(serve) -> None:
    server = serve(ok(delay=1.5), ok())
    (reply,) = author(server, timeout=0.5).write([Request("new", seed=1)])
    assert server.calls == 2 and reply.error is None
    always = serve(ok(delay=1.5))
    (failed,) = author(always, timeout=0.5, retries=1).write([Request("new", seed=1)])
    assert always.calls == 2 and "timed out" in failed.error


@pytest.mark.parametrize("code", [400, 401, 404])
def test_other_client_errors_fail_at_once(serve, code: int) -> None:
    server = serve(status(code), ok())
    good, bad = author(server, concurrency=1).write([Request("new", seed=1)] * 2)
    assert server.calls == 2 and good.text == "" and f"HTTP {code}" in good.error
    assert bad.error is None, "one failed request does not stop the others"


def test_an_unreachable_server_is_a_failed_reply(serve) -> None:
    server = serve(ok())
    url = server.url
    server.shutdown()
    server.server_close()
    (reply,) = author(server, base_url=url, retries=1).write([Request("new", seed=1)])
    assert reply.text == "" and "APIConnectionError" in reply.error


def test_a_missing_key_sends_a_placeholder(serve, monkeypatch) -> None:
    monkeypatch.delenv("REDQUEEN_TEST_KEY")
    server = serve(ok())
    (reply,) = author(server).write([Request("new", seed=1)])
    assert reply.error is None and server.keys == ["Bearer no-key"]


def test_the_shipped_prompts_fill_in_and_their_examples_assemble() -> None:
    prompts = Prompts.shipped()
    system = prompts.render("system", STANDARD)
    assert "{{" not in system and "8000 cells" in system
    examples = system.split("```redcode\n")[1:]
    assert len(examples) == 2
    for example in examples:
        assemble(example.split("```")[0], STANDARD)
    repair = prompts.render("repair", STANDARD, error="line 2: bad", code="mov {{x}}, 1")
    assert "line 2: bad" in repair and "mov {{x}}, 1" in repair, "values are not filled in again"
    with pytest.raises(PromptError, match="needs parent"):
        prompts.render("mutate", STANDARD)


def test_a_directory_replaces_some_prompts(tmp_path: Path, serve) -> None:
    (tmp_path / "new.md").write_text("Write a {{family}} warrior for core {{coresize}}.")
    prompts = Prompts.load(tmp_path)
    assert prompts.system == Prompts.shipped().system
    server = serve(ok())
    llm = LLMConfig("fake-model", base_url=server.url, api_key_env="REDQUEEN_TEST_KEY")
    OpenAIAuthor(llm, STANDARD, prompts).write([Request("new", seed=1, family="imp")])
    assert server.bodies[0]["messages"][1]["content"] == "Write a imp warrior for core 8000."


def test_bad_prompt_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(PromptError, match="no such prompt directory"):
        Prompts.load(tmp_path / "missing")
    (tmp_path / "mutate.md").write_text("Improve {{parent}} against {{rival}}.")
    with pytest.raises(PromptError, match=r"mutate\.md: unknown field \{\{rival\}\}"):
        Prompts.load(tmp_path)
    (tmp_path / "mutate.md").unlink()
    (tmp_path / "system.md").mkdir()
    with pytest.raises(PromptError, match=r"system\.md: cannot read"):
        Prompts.load(tmp_path)


def test_redqueen_coevolve_runs_on_a_server_and_a_repeat_costs_nothing(serve, tmp_path) -> None:
    from redqueen.cli import main
    from redqueen.runstore import RunStore

    varied = WARRIOR.replace("#4", "#{seed}")
    # every third call is broken and then repaired: the run records both
    server = serve(ok(f"```\n{varied}```"), ok(f"```\n{BROKEN}```"), ok(f"```\n{varied}```"))
    options = ["coevolve", "--author", "openai", "--model", "fake-model", "--base-url", server.url]
    options += ["--api-key-env", "REDQUEEN_TEST_KEY", "--price-in", "0.5", "--price-out", "2"]
    options += ["--settings", "nano", "--rounds", "2", "--iterations", "8", "--batch", "4"]
    options += ["--fitness-rounds", "6", "--llm-cache", str(tmp_path / "llm"), "--no-cache", "-q"]
    assert main([*options, "--out", str(tmp_path / "first")]) == 0
    calls = server.calls
    assert calls >= 16  # 16 warriors, one of them repaired
    with RunStore.read_only(tmp_path / "first") as store:
        assert len(store.champions()) == 2
        made = store.llm_calls()
        assert len(made) == 16 and (made["tokens_in"] > 0).all()
        assert made["cost"].sum() == pytest.approx(calls * (1000 * 0.5 + 200 * 2) / 1000)
        assert set(store.warriors()["author"]) == {"openai"}
    for path in (tmp_path / "first").rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path
    assert main([*options, "--out", str(tmp_path / "again")]) == 0
    assert server.calls == calls  # every reply came from the cache
    with (
        RunStore.read_only(tmp_path / "again") as again,
        RunStore.read_only(tmp_path / "first") as first,
    ):
        assert list(again.champions()["source"]) == list(first.champions()["source"])
