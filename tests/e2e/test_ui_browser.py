"""The Dagster UI in a real browser (issue 17): `dagster dev` after an ingest, Chromium through
Playwright. Opens the asset graph, one asset page and the runs page, and checks they show
the assets, the groups and the last run. In `make test-all` (it installs Chromium and
Playwright: `make browser`), not in `make test`."""
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO, SAMPLE_FILES

from .test_dagster_dev import _free_port, _server_up, _shut_down, _wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api", reason="run `make browser` (make test-all does)")


@pytest.fixture
def ui(tmp_path):
    if not os.path.exists(CHROMIUM):
        pytest.skip("no Chromium: run `make browser` (make test-all does)")
    home, landing = tmp_path / "home", tmp_path / "landing"
    home.mkdir(), landing.mkdir()
    for name in SAMPLE_FILES:
        shutil.copy(REPO / "seeds" / name, landing / name)
    warehouse = tmp_path / "wh" / "zhfacts.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(home), "ZHFACTS_RAW_DIR": str(landing),
           "ZHFACTS_WAREHOUSE": str(warehouse), "ZHFACTS_WORKERS": "1", "ZHFACTS_SENSOR_INTERVAL_S": "3"}
    ingest = subprocess.run([sys.executable, "-m", "assets.cli", "ingest", "--log-level", "WARNING"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    run_id = ingest.stdout.split("run ", 1)[1].split()[0]
    port = _free_port()
    log = open(tmp_path / "dagster_dev.log", "w")
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "dagster"), "dev", "-w", "workspace.yaml",
         "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        _wait_until(lambda: _server_up(port), "the webserver", server)
        yield f"http://127.0.0.1:{port}", run_id, tmp_path
    finally:
        _shut_down(server)
        log.close()


def _text(page, url: str, expect: str, shots, name: str) -> str:
    page.goto(url)
    page.get_by_text(expect, exact=False).first.wait_for(timeout=90_000)
    skip = page.get_by_role("button", name="Skip")
    if skip.count():  # Dagster's first-visit newsletter dialog
        skip.first.click()
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    return page.inner_text("body")


def test_the_ui_shows_the_assets_their_groups_and_the_last_run(ui):
    base, run_id, tmp_path = ui
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            graph = _text(page, f"{base}/asset-groups", "publish", shots, "graph")
            assert "ingest" in graph and "publish" in graph  # one group per stage, not one named like the location
            group = _text(page, f"{base}/locations/zhfacts/asset-groups/publish", "published_warehouse", shots, "group")
            for asset in ("daily_summary", "published_warehouse", "numeric_facts", "raw_files", "quarantine"):
                assert asset in group, asset
            catalog = _text(page, f"{base}/assets", "numeric_facts", shots, "catalog")
            for asset in ("raw_files", "documents", "articles", "sentences", "quarantine", "daily_summary"):
                assert asset in catalog, asset
            asset_page = _text(page, f"{base}/assets/published_warehouse", "Row count", shots, "asset")
            assert "Latest materialization" in asset_page and "rows by table" in asset_page
            runs = _text(page, f"{base}/runs", run_id[:8], shots, "runs")
            assert run_id[:8] in runs and "ingest" in runs and "Success" in runs
        finally:
            browser.close()
