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
