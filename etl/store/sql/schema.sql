-- zhfacts warehouse tables. Column comments come from etl/schemas.py (one source of truth).
CREATE TABLE IF NOT EXISTS raw_files (
    path VARCHAR PRIMARY KEY,
    file_id VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    mtime TIMESTAMP NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    deleted BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    file_id VARCHAR PRIMARY KEY,
    path VARCHAR NOT NULL,
    encoding VARCHAR NOT NULL,
    confidence DOUBLE NOT NULL,
    method VARCHAR NOT NULL,
    plausibility DOUBLE NOT NULL,
    replaced_chars INTEGER NOT NULL,
    lossy BOOLEAN NOT NULL,
    repairs INTEGER NOT NULL,
    original_script VARCHAR NOT NULL,
    opencc_config VARCHAR NOT NULL,
    char_count INTEGER NOT NULL,
    replacement_chars INTEGER NOT NULL,
    raw_offsets BLOB NOT NULL
);
-- A document's text in pieces of at most 4,000 characters, cut after a newline where
-- possible (etl/text_chunks.py): DuckDB could not checkpoint multi-MB strings within its
-- memory limit. The text is string_agg(text, '' ORDER BY seq) per file_id (v_document_text).
-- The long text columns (document_text, articles, sentences) use zstd, not DuckDB's default
-- (dict_fsst, chosen per segment): on 34 MB of bench batches the writer's CPU fell 25%
-- (checkpoints 3x cheaper) and the file by half (166 → 82 MB), for reads ~30% slower
-- (a LIKE over 250k sentences: 25 → 34 ms). Warehouses made before keep their encoding.
CREATE TABLE IF NOT EXISTS document_text (
    file_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text VARCHAR NOT NULL USING COMPRESSION zstd,
    PRIMARY KEY (file_id, seq)
);
CREATE TABLE IF NOT EXISTS mojibake_repairs (
    file_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    raw_byte_start BIGINT NOT NULL,
    raw_byte_end BIGINT NOT NULL,
    before VARCHAR NOT NULL,
    after VARCHAR NOT NULL,
    method VARCHAR NOT NULL,
    candidate VARCHAR,
    score DOUBLE,
    runner_up VARCHAR,
    runner_up_score DOUBLE,
    PRIMARY KEY (file_id, seq)
);
CREATE TABLE IF NOT EXISTS quarantine (
    path VARCHAR PRIMARY KEY,
    file_id VARCHAR,
    stage VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    detail VARCHAR NOT NULL,
    quarantined_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY,
    file_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    title VARCHAR,
    source VARCHAR,
    editor VARCHAR,
    photographer VARCHAR,
    published_date DATE,
    published_date_method VARCHAR,
    text VARCHAR NOT NULL USING COMPRESSION zstd,
    doc_char_start INTEGER NOT NULL,
    doc_char_end INTEGER NOT NULL,
    raw_byte_start BIGINT NOT NULL,
    raw_byte_end BIGINT NOT NULL
);
-- sentences and numeric_facts have no PRIMARY KEY: DuckDB keeps an ART index in memory
-- and updates it on every insert, so memory would grow with the warehouse. Their ids
-- embed the file_id, each batch is checked unique (Pandera), and a blocking asset check
-- finds duplicates among the files a run touched.
CREATE TABLE IF NOT EXISTS sentences (
    sentence_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    file_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    paragraph_seq INTEGER NOT NULL,
    paragraph_type VARCHAR NOT NULL,
    text VARCHAR NOT NULL USING COMPRESSION zstd,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    raw_byte_start BIGINT NOT NULL,
    raw_byte_end BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS numeric_facts (
    fact_id VARCHAR NOT NULL,
    sentence_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    file_id VARCHAR NOT NULL,
    surface VARCHAR NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    raw_byte_start BIGINT NOT NULL,
    raw_byte_end BIGINT NOT NULL,
    kind VARCHAR NOT NULL,
    value DOUBLE,
    value_high DOUBLE,
    unit VARCHAR,
    qualifier VARCHAR NOT NULL,
    subject VARCHAR,
    direction VARCHAR,
    year INTEGER,
    month INTEGER,
    day INTEGER,
    date_start DATE,
    date_end DATE
);
CREATE TABLE IF NOT EXISTS daily_summary (
    day DATE PRIMARY KEY,
    files INTEGER NOT NULL,
    quarantined INTEGER NOT NULL,
    facts INTEGER NOT NULL,
    facts_by_kind MAP(VARCHAR, INTEGER) NOT NULL
);
-- Which stage has finished which file; written in the same transaction as the rows.
CREATE TABLE IF NOT EXISTS stage_progress (
    file_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    row_count INTEGER NOT NULL,
    done_at TIMESTAMP NOT NULL,
    PRIMARY KEY (file_id, stage)
);

CREATE OR REPLACE VIEW v_facts AS
SELECT
    d.path AS source_path,
    f.article_id,
    a.title AS article_title,
    s.text AS sentence,
    f.surface, f.kind, f.value, f.value_high, f.unit, f.qualifier, f.subject, f.direction,
    f.year, f.month, f.day, f.date_start, f.date_end,
    f.char_start, f.char_end, f.raw_byte_start, f.raw_byte_end,
    a.source AS article_source, a.published_date, s.paragraph_type,
    f.fact_id, f.sentence_id, f.file_id
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
