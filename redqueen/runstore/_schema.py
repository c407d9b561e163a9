"""The run database's tables, written down once.

Every row but the champions' names the step ``(round, generation)`` that
wrote it, and that step's row in ``steps`` is inserted last in the same
transaction; the deferred foreign keys make SQLite refuse a commit whose
rows name a step that is not there, so a row in any table means its whole
step was committed.  JSON columns hold lists and dicts (no pickles).
"""

from __future__ import annotations

SCHEMA_VERSION = 2

ORIGINS = ("seed", "opponent", "new", "mutate", "crossover")
PURPOSES = ("fitness", "remeasure", "generality")

_STEP = (
    "FOREIGN KEY (round, generation) REFERENCES steps (round, generation)"
    " DEFERRABLE INITIALLY DEFERRED"
)

TABLES = f"""
CREATE TABLE schema_version (version INTEGER NOT NULL);

-- One row per committed step; state is the engine's JSON (e.g. its RNG state);
-- archive_size is NULL when the step took no archive snapshot.
CREATE TABLE steps (
    round INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    state TEXT NOT NULL,
    archive_size INTEGER,
    committed REAL NOT NULL,
    PRIMARY KEY (round, generation)
);

-- hash (of the assembled warrior) or error (the assembler's), never both.
CREATE TABLE warriors (
    id INTEGER PRIMARY KEY,
    round INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN {ORIGINS}),
    parent_a INTEGER REFERENCES warriors (id),
    parent_b INTEGER REFERENCES warriors (id),
    author TEXT,
    seed INTEGER,
    name TEXT,
    hash TEXT,
    error TEXT,
    source TEXT NOT NULL,
    created REAL NOT NULL,
    CHECK ((hash IS NULL) <> (error IS NULL)),
    {_STEP}
);
CREATE INDEX warriors_by_step ON warriors (round, generation);

-- Behaviour means are NULL for a bare fitness (e.g. a generality score).
CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    warrior INTEGER NOT NULL REFERENCES warriors (id),
    round INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN {PURPOSES}),
    fitness REAL NOT NULL,
    coverage REAL,
    written REAL,
    spawned REAL,
    peak_processes REAL,
    descriptors TEXT NOT NULL,
    config TEXT NOT NULL,
    {_STEP}
);
CREATE INDEX evaluations_by_warrior ON evaluations (warrior);

-- A snapshot is the whole archive, position = the order its cells were first filled.
CREATE TABLE archive (
    round INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    position INTEGER NOT NULL,
    cell TEXT NOT NULL,
    warrior INTEGER NOT NULL REFERENCES warriors (id),
    fitness REAL NOT NULL,
    descriptors TEXT NOT NULL,
    PRIMARY KEY (round, generation, position),
    {_STEP}
);

CREATE TABLE champions (
    round INTEGER PRIMARY KEY,
    warrior INTEGER NOT NULL REFERENCES warriors (id),
    fitness REAL NOT NULL,
    remeasured REAL,
    generality REAL,
    benchmark REAL
);

-- Each champion's matches against the held-out suite, one row per opponent
-- (the vector of scores that compares champions' behaviour across runs).
CREATE TABLE heldout (
    round INTEGER NOT NULL,
    warrior INTEGER NOT NULL REFERENCES warriors (id),
    opponent INTEGER NOT NULL,
    name TEXT NOT NULL,
    wins INTEGER NOT NULL,
    losses INTEGER NOT NULL,
    ties INTEGER NOT NULL,
    score REAL NOT NULL,
    generation INTEGER NOT NULL,
    PRIMARY KEY (round, opponent),
    FOREIGN KEY (round, generation) REFERENCES steps (round, generation)
        DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE llm_calls (
    id INTEGER PRIMARY KEY,
    round INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    warrior INTEGER REFERENCES warriors (id),
    author TEXT NOT NULL,
    kind TEXT NOT NULL,
    seed INTEGER NOT NULL,
    tokens_in INTEGER NOT NULL,
    tokens_out INTEGER NOT NULL,
    seconds REAL NOT NULL,
    cost REAL NOT NULL,
    error TEXT,
    text TEXT NOT NULL,
    {_STEP}
);
"""
