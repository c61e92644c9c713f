from __future__ import annotations

import pytest


@pytest.fixture
def refit_requests(settings, tmp_path, monkeypatch):
    """No stored model yet (a fresh data folder); refit requests are recorded, not run."""
    from clustera.partnering import model_store

    settings.DATA_DIR = tmp_path
    requests: list[str] = []
    monkeypatch.setattr(model_store._Fitted, "recommender", None)
    monkeypatch.setattr(model_store._Fitted, "loaded_mtime", 0.0)
    monkeypatch.setattr(model_store._Fitted, "fingerprint", "")
    monkeypatch.setattr(model_store._Fitted, "refit_requested", "")
    monkeypatch.setattr(model_store._Fitted, "enqueue_refit", lambda: requests.append("refit"))
    return requests
