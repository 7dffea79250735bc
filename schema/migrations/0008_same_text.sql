-- The instrument whose text this one's is (the first, in corpus order, of the instruments of its
-- jurisdiction that the build found to hold the same text: one act parsed from two sources), or
-- '' when none is. Search already shows such copies as one hit; the changes list and feed leave
-- out a copy's events that repeat those of the instrument it copies. Applied after the earlier
-- migrations, in file-name order, on a fresh database only.

ALTER TABLE instruments ADD COLUMN same_text_as TEXT NOT NULL DEFAULT '';
