-- Tags of the learned tagger (indexer/tagger.hpp, TagModel) have origin 'model'. A build runs
-- every migration on an empty database, so the table is created again rather than altered
-- (SQLite cannot change a CHECK constraint).
DROP TABLE clause_tags;
CREATE TABLE clause_tags (
  clause   TEXT NOT NULL REFERENCES clauses(id),
  category TEXT NOT NULL REFERENCES categories(id),
  origin   TEXT NOT NULL CHECK (origin IN ('curated', 'structure', 'lexicon', 'model')),
  score    REAL NOT NULL,
  PRIMARY KEY (clause, category, origin)
) WITHOUT ROWID;
