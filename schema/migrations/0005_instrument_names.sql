-- The French short name of an instrument (`short_name = { en = "AI Act", fr = "Règlement sur
-- l'IA" }` in jurisdiction.toml), so that a French reader meets French names throughout; empty
-- when the name is the same in both languages ("EO 14110"). Applied after the earlier
-- migrations, in file-name order, on a fresh database only.

ALTER TABLE instruments ADD COLUMN short_name_fr TEXT NOT NULL DEFAULT '';
