-- Cadre build database, version 2: the point-by-point layer. Provisions come from
-- schema/provisions.toml; values, notes and citations from corpus/<code>/provisions.toml.

CREATE TABLE provisions (
  id            TEXT PRIMARY KEY,
  category      TEXT NOT NULL REFERENCES categories(id),
  ordinal       INTEGER NOT NULL,
  label_en      TEXT NOT NULL,
  label_fr      TEXT NOT NULL,
  definition_en TEXT NOT NULL,
  definition_fr TEXT NOT NULL
);

CREATE TABLE provision_values (
  jurisdiction TEXT NOT NULL REFERENCES jurisdictions(code),
  provision    TEXT NOT NULL REFERENCES provisions(id),
  value        TEXT NOT NULL CHECK (value IN ('yes', 'partial', 'no', 'unclear')),
  note_en      TEXT NOT NULL,
  note_fr      TEXT NOT NULL,
  PRIMARY KEY (jurisdiction, provision)
) WITHOUT ROWID;

-- A cited clause id, or `instrument:<id>` for an instrument without text.
CREATE TABLE provision_citations (
  jurisdiction TEXT NOT NULL,
  provision    TEXT NOT NULL,
  ordinal      INTEGER NOT NULL,
  target       TEXT NOT NULL,
  PRIMARY KEY (jurisdiction, provision, ordinal),
  FOREIGN KEY (jurisdiction, provision) REFERENCES provision_values(jurisdiction, provision)
) WITHOUT ROWID;
CREATE INDEX provision_citations_by_target ON provision_citations(target);

-- Clause lookups list a clause's parts; related clauses look up many clauses per answer.
CREATE INDEX clauses_by_parent ON clauses(parent);
