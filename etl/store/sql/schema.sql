-- What no Pandera model describes: bookkeeping tables and the views. The tables of
-- etl/store/models.py are created from the models first (etl/store/ddl.py).
-- Which stage has finished which file; written in the same transaction as the rows.
CREATE TABLE IF NOT EXISTS stage_progress (
    file_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    row_count INTEGER NOT NULL,
    done_at TIMESTAMP NOT NULL,
    PRIMARY KEY (file_id, stage)
);

-- f.*: a column added to numeric_facts shows here with no change to this view.
CREATE OR REPLACE VIEW v_facts AS
SELECT
    d.path AS source_path,
    a.title AS article_title,
    s.text AS sentence,
    a.source AS article_source, a.published_date, s.paragraph_type,
    f.*
FROM numeric_facts f
JOIN sentences s USING (sentence_id)
JOIN articles a ON a.article_id = f.article_id
JOIN documents d ON d.file_id = f.file_id;

CREATE OR REPLACE VIEW v_file_status AS
SELECT
    r.path, r.file_id, r.size_bytes, r.deleted,
    CASE
        WHEN q.path IS NOT NULL THEN 'quarantined'
        WHEN d.file_id IS NOT NULL THEN 'processed'
        ELSE 'pending'
    END AS status,
    d.encoding, d.method, d.original_script,
    q.stage AS quarantine_stage, q.reason AS quarantine_reason,
    (SELECT count(*) FROM numeric_facts f WHERE f.file_id = r.file_id) AS facts
FROM raw_files r
LEFT JOIN documents d ON d.file_id = r.file_id
LEFT JOIN quarantine q ON q.path = r.path;
-- Each document's whole text. Filter on file_id: DuckDB then reads only that file's pieces.
CREATE OR REPLACE VIEW v_document_text AS
SELECT file_id, string_agg(text, '' ORDER BY seq) AS text, max(char_end) AS char_count
FROM document_text
GROUP BY file_id;
-- Internal: the fingerprint of the schema and comments this warehouse was last set up with.
CREATE TABLE IF NOT EXISTS zhfacts_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
