-- Cadre build database, version 1. Applied by core/store on a fresh database only:
-- a build is immutable once written, so there are no in-place upgrades; a build made by
-- another schema version is refused and must be rebuilt with `cadre index`.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE categories (
  id          TEXT PRIMARY KEY,
  ordinal     INTEGER NOT NULL,
  label_en    TEXT NOT NULL,
  label_fr    TEXT NOT NULL,
  question_en TEXT NOT NULL,
  question_fr TEXT NOT NULL
);

CREATE TABLE jurisdictions (
  code    TEXT PRIMARY KEY,
  name_en TEXT NOT NULL,
  name_fr TEXT NOT NULL,
  kind    TEXT NOT NULL,
  parent  TEXT,
  as_of   TEXT NOT NULL
);

CREATE TABLE instruments (
  id             TEXT PRIMARY KEY,
  jurisdiction   TEXT NOT NULL REFERENCES jurisdictions(code),
  ordinal        INTEGER NOT NULL,
  title_en       TEXT NOT NULL,
  title_fr       TEXT NOT NULL,
  short_name     TEXT NOT NULL,
  type           TEXT NOT NULL,
  status         TEXT NOT NULL,
  status_date    TEXT,
  status_by      TEXT,
  status_checked TEXT NOT NULL,
  status_note_en TEXT NOT NULL DEFAULT '',
  status_note_fr TEXT NOT NULL DEFAULT '',
  official_url   TEXT NOT NULL,
  languages      TEXT NOT NULL
);

CREATE TABLE instrument_dates (
  instrument TEXT NOT NULL REFERENCES instruments(id),
  event      TEXT NOT NULL,
  date       TEXT NOT NULL,
  PRIMARY KEY (instrument, event)
);

CREATE TABLE sources (
  instrument TEXT NOT NULL REFERENCES instruments(id),
  file       TEXT NOT NULL,
  language   TEXT NOT NULL,
  format     TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('indexed', 'missing', 'failed')),
  message    TEXT NOT NULL DEFAULT '',
  clauses    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (instrument, file)
);

CREATE TABLE clauses (
  id         TEXT PRIMARY KEY,
  instrument TEXT NOT NULL REFERENCES instruments(id),
  parent     TEXT,
  ordinal    INTEGER NOT NULL,
  depth      INTEGER NOT NULL
);
CREATE INDEX clauses_by_instrument ON clauses(instrument, ordinal);

CREATE TABLE clause_texts (
  clause   TEXT NOT NULL REFERENCES clauses(id),
  language TEXT NOT NULL,
  label    TEXT NOT NULL,
  heading  TEXT NOT NULL,
  text     TEXT NOT NULL,
  PRIMARY KEY (clause, language)
) WITHOUT ROWID;

CREATE TABLE cells (
  jurisdiction TEXT NOT NULL REFERENCES jurisdictions(code),
  category     TEXT NOT NULL REFERENCES categories(id),
  language     TEXT NOT NULL,
  markdown     TEXT NOT NULL,
  html         TEXT NOT NULL,
  text         TEXT NOT NULL,
  as_of        TEXT NOT NULL,
  PRIMARY KEY (jurisdiction, category, language)
) WITHOUT ROWID;

CREATE TABLE citations (
  jurisdiction TEXT NOT NULL,
  category     TEXT NOT NULL,
  language     TEXT NOT NULL,
  ordinal      INTEGER NOT NULL,
  clause       TEXT NOT NULL,
  label        TEXT NOT NULL,
  PRIMARY KEY (jurisdiction, category, language, ordinal),
  FOREIGN KEY (jurisdiction, category, language) REFERENCES cells(jurisdiction, category, language)
) WITHOUT ROWID;

CREATE TABLE clause_tags (
  clause   TEXT NOT NULL REFERENCES clauses(id),
  category TEXT NOT NULL REFERENCES categories(id),
  origin   TEXT NOT NULL CHECK (origin IN ('curated', 'structure', 'lexicon')),
  score    REAL NOT NULL,
  PRIMARY KEY (clause, category, origin)
) WITHOUT ROWID;
