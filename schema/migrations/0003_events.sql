-- Instrument histories: the dated events of jurisdiction.toml ([[instrument.event]]), from which
-- every status is computed (core/events.hpp). Applied after the earlier migrations, in file-name
-- order, on a fresh database only; PRAGMA user_version is the number of migration files.

CREATE TABLE instrument_events (
  instrument     TEXT NOT NULL REFERENCES instruments(id),
  ordinal        INTEGER NOT NULL,            -- position in the history, by date then as written
  kind           TEXT NOT NULL CHECK (kind IN ('introduced', 'adopted', 'signed', 'published', 'in-force',
                                                'applies-from', 'amended-by', 'revoked-by', 'superseded-by',
                                                'lapsed', 'withdrawn', 'expired', 'status-check')),
  date           TEXT NOT NULL,               -- YYYY-MM-DD
  by_instrument  TEXT,                        -- amended-by, revoked-by, superseded-by
  phase_en       TEXT NOT NULL DEFAULT '',
  phase_fr       TEXT NOT NULL DEFAULT '',
  evidence_url   TEXT NOT NULL,
  evidence_kind  TEXT NOT NULL CHECK (evidence_kind IN ('official-text', 'official-page', 'secondary')),
  evidence_name  TEXT NOT NULL DEFAULT '',
  evidence_seen  TEXT NOT NULL,
  note_en        TEXT NOT NULL DEFAULT '',
  note_fr        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (instrument, ordinal)
) WITHOUT ROWID;
CREATE INDEX instrument_events_by_date ON instrument_events(date);

-- Versions (expressions) of an instrument: the current text (clauses, clause_texts) applies from
-- its row with is_current = 1; each earlier text applies from valid_from until the next row, and
-- its clauses, under the same ids, are kept here (not in the search index).
CREATE TABLE instrument_versions (
  instrument  TEXT NOT NULL REFERENCES instruments(id),
  valid_from  TEXT NOT NULL,                   -- YYYY-MM-DD
  is_current  INTEGER NOT NULL CHECK (is_current IN (0, 1)),
  note_en     TEXT NOT NULL DEFAULT '',
  note_fr     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (instrument, valid_from)
) WITHOUT ROWID;

CREATE TABLE version_clause_texts (
  instrument  TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  clause      TEXT NOT NULL,                   -- the clause id, as in clauses.id
  ordinal     INTEGER NOT NULL,
  language    TEXT NOT NULL,
  label       TEXT NOT NULL,
  heading     TEXT NOT NULL,
  text        TEXT NOT NULL,
  PRIMARY KEY (instrument, valid_from, clause, language),
  FOREIGN KEY (instrument, valid_from) REFERENCES instrument_versions(instrument, valid_from)
) WITHOUT ROWID;
