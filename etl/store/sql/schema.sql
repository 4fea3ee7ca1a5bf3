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

-- Which documents hold the same text (the same article in GB18030, Big5 and UTF-8):
-- an md5 of each document's normalized text, kept by etl.store.summaries.
CREATE TABLE IF NOT EXISTS text_fingerprints (
    file_id VARCHAR PRIMARY KEY,
    text_md5 VARCHAR NOT NULL,
    documents_done_at TIMESTAMP NOT NULL
);

-- Entries whose last run failed before giving them an outcome (etl.flow.failures).
-- landing_root: the directory of the failed run (etl.store.migrations adds it to older warehouses).
CREATE TABLE IF NOT EXISTS failed_files (
    path VARCHAR PRIMARY KEY,
    run_id VARCHAR NOT NULL,
    error VARCHAR NOT NULL,
    failed_at TIMESTAMP NOT NULL,
    landing_root VARCHAR
);

-- f.*: a column added to numeric_facts shows here with no change to this view.
CREATE OR REPLACE VIEW v_facts AS
WITH text_groups AS (
    SELECT t.file_id, min(d.path) OVER (PARTITION BY t.text_md5) AS first_path
    FROM text_fingerprints t JOIN documents d USING (file_id)
)
SELECT
    d.path AS source_path,
    a.title AS article_title,
    s.text AS sentence,
    a.source AS article_source, a.published_date, s.paragraph_type,
    f.*,
    CASE WHEN g.first_path <> d.path THEN g.first_path END AS same_text_as
FROM numeric_facts f
JOIN sentences s USING (sentence_id)
JOIN articles a ON a.article_id = f.article_id
JOIN documents d ON d.file_id = f.file_id
LEFT JOIN text_groups g ON g.file_id = f.file_id;

-- Every entry of the landing directory: a raw_files row, an entry the scan did not read
-- (quarantined at stage scan), or one a failed run saw and no run has scanned yet. A file whose content another path also holds is a
-- duplicate_of the first such path, and shares its outcome. Joins are on keys alone (NOT
-- deleted in a join condition made DuckDB loop over every pair: 10 s at 51,000 files).
CREATE OR REPLACE VIEW v_file_status AS
WITH entries AS (
    SELECT path, file_id, size_bytes, deleted, landing_root FROM raw_files
    UNION ALL
    SELECT path, NULL, NULL, false, landing_root FROM quarantine
    WHERE stage = 'scan' AND path NOT IN (SELECT path FROM raw_files)
    UNION ALL
    SELECT path, NULL, NULL, false, landing_root FROM failed_files
    WHERE path NOT IN (SELECT path FROM raw_files) AND path NOT IN (SELECT path FROM quarantine WHERE stage = 'scan')
), by_content AS (
    SELECT file_id, min(path) AS first_path FROM raw_files WHERE NOT deleted GROUP BY file_id
), text_groups AS (
    SELECT t.file_id, min(d.path) OVER (PARTITION BY t.text_md5) AS first_path
    FROM text_fingerprints t JOIN documents d USING (file_id)
), content_quarantine AS (
    SELECT file_id, min(stage) AS stage, min(reason) AS reason FROM quarantine
    WHERE file_id IS NOT NULL GROUP BY file_id
)
SELECT
    e.path, e.file_id, e.size_bytes, e.deleted,
    CASE
        WHEN q.path IS NOT NULL OR cq.file_id IS NOT NULL THEN 'quarantined'
        WHEN d.file_id IS NOT NULL THEN 'processed'
        WHEN ff.path IS NOT NULL THEN 'failed'
        ELSE 'pending'
    END AS status,
    d.encoding, d.method, d.original_script,
    coalesce(q.stage, cq.stage) AS quarantine_stage, coalesce(q.reason, cq.reason) AS quarantine_reason,
    (SELECT count(*) FROM numeric_facts f WHERE f.file_id = e.file_id) AS facts,
    CASE WHEN NOT e.deleted AND b.first_path <> e.path THEN b.first_path END AS duplicate_of,
    CASE WHEN NOT e.deleted AND g.first_path <> e.path THEN g.first_path END AS same_text_as,
    CASE WHEN q.path IS NULL AND cq.file_id IS NULL AND d.file_id IS NULL THEN ff.run_id END AS failed_run_id,
    CASE WHEN q.path IS NULL AND cq.file_id IS NULL AND d.file_id IS NULL THEN ff.error END AS failed_error,
    e.landing_root
FROM entries e
LEFT JOIN documents d ON d.file_id = e.file_id
LEFT JOIN quarantine q ON q.path = e.path
LEFT JOIN content_quarantine cq ON cq.file_id = e.file_id
LEFT JOIN by_content b ON b.file_id = e.file_id
LEFT JOIN text_groups g ON g.file_id = e.file_id
LEFT JOIN failed_files ff ON ff.path = e.path;
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
