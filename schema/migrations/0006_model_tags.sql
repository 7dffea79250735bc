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

-- A clause's categories as readers see them (the API, search terms and facets): those of the
-- cells and provision values that cite it when there are any, which an analyst chose after
-- reading it; otherwise the tagger's. Every tag stays in clause_tags with its origin.
CREATE VIEW clause_categories AS
  SELECT DISTINCT clause, category FROM clause_tags AS t
  WHERE origin = 'curated'
     OR NOT EXISTS (SELECT 1 FROM clause_tags AS c WHERE c.clause = t.clause AND c.origin = 'curated');
