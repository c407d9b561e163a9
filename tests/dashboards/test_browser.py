"""End to end in headless Chromium: each page on fixture runs, with its controls used."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from dashboards.pages.replay import TICK_MS
from redqueen.runstore import RunStore

pytestmark = pytest.mark.browser
TIMEOUT = 30


def until(driver: WebDriver, condition: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
    """Wait for ``condition`` to give something true, and give it."""
    # A page that refreshes replaces its elements: one read between two renders is stale.
    wait = WebDriverWait(
        driver, timeout, poll_frequency=0.2, ignored_exceptions=[StaleElementReferenceException]
    )
    return wait.until(lambda _: condition())


def text(driver: WebDriver, element_id: str) -> str:
    """The element's text, empty while it is missing or being replaced."""
    try:
        found = driver.find_elements(By.ID, element_id)
        return found[0].text if found else ""
    except StaleElementReferenceException:
        return ""


def until_text(driver: WebDriver, element_id: str, wanted: str) -> str:
    return until(driver, lambda: wanted in text(driver, element_id) and text(driver, element_id))


def figure(driver: WebDriver, graph_id: str) -> dict[str, Any] | None:
    """The figure a dcc.Graph shows: its traces and layout as Plotly holds them."""
    # Plotly keeps numeric arrays typed (its "_inputArray"); JSON makes them plain lists.
    return driver.execute_script(
        "const plot = document.querySelector(`#${arguments[0]} .js-plotly-plot`);"
        "if (!plot || !plot.data) return null;"
        "const plain = (key, value) => {"
        "  if (value && value._inputArray !== undefined) value = value._inputArray;"
        "  return ArrayBuffer.isView(value) ? Array.from(value) : value; };"
        "return JSON.parse(JSON.stringify({data: plot.data, layout: plot.layout}, plain));",
        graph_id,
    )


def drawn(driver: WebDriver, graph_id: str) -> dict[str, Any]:
    """The figure a dcc.Graph shows once its callback has filled it with traces."""
    return until(driver, lambda: (shown := figure(driver, graph_id)) and shown["data"] and shown)


def title(driver: WebDriver, graph_id: str) -> str:
    shown = figure(driver, graph_id)
    return ((shown or {}).get("layout", {}).get("title") or {}).get("text", "")


def visit(driver: WebDriver, url: str) -> None:
    driver.get(url)
    until(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#page > *"))


def shot(driver: WebDriver, artifacts: Path, name: str) -> None:
    """Save the whole page (the window stretched to its height) as an artifact."""
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1400, max(1100, height + 200))  # + the window's own frame
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(artifacts / f"{name}.png"))
    driver.set_window_size(1400, 1100)


def press(driver: WebDriver, container_id: str, key: str) -> None:
    """A key on a slider's thumb (Home, End, arrows), as a user would move it."""
    driver.find_element(By.CSS_SELECTOR, f"#{container_id} [role=slider]").send_keys(key)


def test_the_runs_page_lists_runs_and_says_what_is_wrong_with_the_others(
    browser, serve, runs_dir, artifacts
):
    visit(browser, serve(runs_dir))
    shown = until_text(browser, "runs-table", "seed-6")
    rows = {row.split(" ")[0]: row for row in shown.splitlines()[1:]}
    assert "finished 3 / 3" in rows["seed-5"] and "offline" in rows["seed-5"]
    assert "empty directory" in rows["empty"] and "half-written run" in rows["half"]
    assert "unknown schema version 1" in rows["old"]
    shot(browser, artifacts, "runs")
    browser.find_element(By.LINK_TEXT, "seed-5").click()
    until_text(browser, "overview-status", "finished: 3 of 3 rounds")


def test_the_run_overview_shows_rounds_lineage_archive_and_strategies(
    browser, serve, runs_dir, artifacts
):
    visit(browser, serve(runs_dir) + "/run?name=seed-5")
    until_text(browser, "overview-status", "finished: 3 of 3 rounds done, settings nano")
    rounds = drawn(browser, "overview-rounds")
    assert [trace["x"] for trace in rounds["data"]][0] == [1, 2, 3]
    lineage = drawn(browser, "overview-lineage")
    z = lineage["data"][0]["z"]
    assert len(z) == 3 and all(z[i][i] is None for i in range(3))
    assert until_text(browser, "overview-champions", "generality").count("\n") == 3
    # the archive follows the round slider
    until(browser, lambda: title(browser, "overview-archive").startswith("Round 3 archive"))
    press(browser, "overview-round", Keys.HOME)
    until(browser, lambda: title(browser, "overview-archive").startswith("Round 1 archive"))
    press(browser, "overview-round", Keys.ARROW_RIGHT)
    until(browser, lambda: title(browser, "overview-archive").startswith("Round 2 archive"))
    opcodes = drawn(browser, "overview-opcodes")
    assert {"MOV", "DAT"} <= {trace["name"] for trace in opcodes["data"]}
    families = drawn(browser, "overview-families")
    assert families["data"] and {t["name"] for t in families["data"]} <= {
        "imp", "stone", "paper", "scanner", "clear", "vampire", "oneshot", "pspace", "hybrid",
    }  # fmt: skip
    drawn(browser, "overview-authoring")
    shot(browser, artifacts, "overview")


def test_a_warrior_page_shows_source_diff_results_and_ancestry(browser, serve, runs_dir, artifacts):
    base = serve(runs_dir)
    visit(browser, base + "/run?name=seed-5")
    table = until(browser, lambda: browser.find_elements(By.ID, "overview-champions-table"))
    champion = table[0].find_elements(By.TAG_NAME, "a")[-1]
    name = champion.text
    champion.click()
    until_text(browser, "warrior-title", name)
    assert "champion of round 3" in text(browser, "warrior-facts")
    assert "family: " in text(browser, "warrior-facts")
    source = browser.find_element(By.ID, "warrior-source")
    assert source.find_elements(By.TAG_NAME, "span")  # coloured tokens
    assert "Imp" in text(browser, "warrior-lineage")
    assert len(text(browser, "warrior-heldout").splitlines()) == 1 + 3  # the nano suite
    ancestry = text(browser, "warrior-ancestry").splitlines()
    assert name in ancestry[1] and ancestry[-1].split()[3] in ("new", "crossover")
    if browser.find_elements(By.ID, "warrior-diff"):
        assert text(browser, "warrior-diff")
    shot(browser, artifacts, "warrior")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Replay it against the round 2 champion").click()
    until_text(browser, "replay-message", f"{name} (")


def test_a_replay_plays_the_core_frame_by_frame(browser, serve, runs_dir, artifacts):
    visit(browser, serve(runs_dir) + "/replay?run=seed-5")
    until_text(browser, "replay-message", "frames, seed 1")
    until(browser, lambda: "frame 1 of" in title(browser, "replay-core"))
    processes = figure(browser, "replay-processes")
    assert len(processes["data"]) == 2
    # another seed
    seed = browser.find_element(By.CSS_SELECTOR, "#replay-seed")
    seed.send_keys(Keys.CONTROL, "a")
    seed.send_keys("7", Keys.ENTER)
    until_text(browser, "replay-message", "seed 7")
    # a third warrior from the dropdown
    browser.find_element(By.ID, "replay-warriors").click()
    unselected = "[role=option][aria-selected=false]"  # the chosen ones are listed first
    until(browser, lambda: browser.find_elements(By.CSS_SELECTOR, unselected))[0].click()
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)  # close the list
    until(browser, lambda: len(figure(browser, "replay-processes")["data"]) == 3)
    # play, then pause
    browser.find_element(By.ID, "replay-play").click()
    until(browser, lambda: text(browser, "replay-play") == "Pause")
    until(browser, lambda: "frame 1 of" not in title(browser, "replay-core"))
    browser.find_element(By.ID, "replay-play").click()
    until(browser, lambda: text(browser, "replay-play") == "Play")
    time.sleep(2 * TICK_MS / 1000)  # a tick already in flight may still land
    paused = title(browser, "replay-core")
    time.sleep(2 * TICK_MS / 1000)
    assert title(browser, "replay-core") == paused
    press(browser, "replay-frame", Keys.END)
    until(browser, lambda: title(browser, "replay-core").endswith(")") and _at_end(browser))
    core = figure(browser, "replay-core")["data"][0]["z"]
    assert {cell for row in core for cell in row if cell is not None} <= {-1, 0, 1, 2}
    shot(browser, artifacts, "replay")
    # another run: its last two champions
    browser.find_element(By.ID, "replay-runs").click()
    options = until(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "[role=option]"))
    [option for option in options if option.text == "seed-6"][0].click()
    with RunStore.read_only(runs_dir / "seed-6") as store:
        names = store.warriors().set_index("id")["name"]
        last = [names[w] for w in store.champions()["warrior"][-2:]]
    until_text(browser, "replay-message", f"{last[0]} (")
    assert f"{last[1]} (" in text(browser, "replay-message")


def _at_end(browser: WebDriver) -> bool:
    words = title(browser, "replay-core").rstrip(")").split()
    return words[-3] == words[-1]  # "frame N of N"


def test_across_runs_compares_behaviour_and_code(browser, serve, runs_dir, artifacts):
    visit(browser, serve(runs_dir) + "/across")
    shown = drawn(browser, "across-spread")
    assert [trace["x"] for trace in shown["data"]] == [[1, 2, 3], [1, 2, 3]]
    assert len(until_text(browser, "across-values", "behaviour").splitlines()) == 4
    shot(browser, artifacts, "across")
    browser.find_element(By.ID, "across-runs").click()
    options = until(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "[role=option]"))
    [option for option in options if "seed-6" in option.text][0].click()
    until_text(browser, "across-message", "at least two runs")


def test_a_running_run_refreshes_as_it_is_written(browser, serve, live_dir):
    visit(browser, serve(live_dir) + "/run?name=run")
    until_text(browser, "overview-status", "running: 3 of 4 rounds")
    champions = RunStore.read_only(live_dir / "run").champions()
    with RunStore.open(live_dir / "run") as store, store.generation(4, 0) as step:
        step.record_champion(4, int(champions["warrior"].iloc[-1]), 0.5)
        step.state = {}
    until_text(browser, "overview-status", "finished: 4 of 4 rounds")


def test_a_broken_run_shows_a_message_not_an_error(browser, serve, runs_dir):
    base = serve(runs_dir)
    problems = {"empty": "empty directory", "half": "half-written run", "old": "schema version 1"}
    for name, message in problems.items():
        visit(browser, f"{base}/run?name={name}")
        until(browser, lambda m=message: m in text(browser, "page"))
    visit(browser, f"{base}/warrior?run=seed-5&id=99999")
    until(browser, lambda: "no warrior 99999" in text(browser, "page"))
