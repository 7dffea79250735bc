-- Text written for readers: the one cited sentence that opens each cell (`summary: ...` in
-- framework.<lang>.md), kept apart from the prose so that the page and exports show it first,
-- and each category's description (schema/categories.toml), shown where `question`, an
-- instruction to authors, must not be. Applied after the earlier migrations, in file-name
-- order, on a fresh database only.

ALTER TABLE cells ADD COLUMN summary_markdown TEXT NOT NULL DEFAULT '';
ALTER TABLE cells ADD COLUMN summary_html     TEXT NOT NULL DEFAULT '';
ALTER TABLE cells ADD COLUMN summary_text     TEXT NOT NULL DEFAULT '';

ALTER TABLE categories ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
ALTER TABLE categories ADD COLUMN description_fr TEXT NOT NULL DEFAULT '';
