import dagster as dg

from assets.definitions import defs


def test_definitions_load_with_lineage():
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"raw_files", "documents", "articles", "sentences", "numeric_facts", "quarantine"} <= keys
    parents = lambda name: {k.to_user_string() for k in graph.get(dg.AssetKey(name)).parent_keys}
    assert parents("documents") == {"raw_files"}
    assert parents("articles") == {"documents"}
    assert parents("sentences") == {"articles"}
    assert parents("numeric_facts") == {"sentences"}


def test_assets_show_their_column_schema():
    graph = defs.resolve_asset_graph()
    schema = graph.get(dg.AssetKey("numeric_facts")).metadata["dagster/column_schema"]
    names = [c.name for c in schema.columns]
    assert names[:3] == ["fact_id", "sentence_id", "article_id"] and "qualifier" in names


def test_blocking_checks_are_registered():
    check_keys = {k.name for k in defs.resolve_asset_graph().asset_check_keys}
    assert {"every_file_accounted_for", "numeric_facts_matches_contract", "every_article_has_a_body_sentence"} <= check_keys


def test_selecting_a_side_table_runs_the_stage_that_fills_it():
    from etl.flow.chain import stages_filling

    names = lambda tables: [s.name for s in stages_filling(tables)]
    assert names({"document_text"}) == ["documents"]
    assert names({"mojibake_repairs", "numeric_facts"}) == ["documents", "numeric_facts"]
    assert names({"articles"}) == ["articles"]
    # Every table of the multi-asset is filled by a stage of the chain, and only by one.
    from assets.text_tables import DESCRIPTIONS
    assert all(len(stages_filling({table})) == 1 for table in DESCRIPTIONS)
