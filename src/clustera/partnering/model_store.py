"""Where the fitted partner recommender and the offer index live between requests.

The recommender is fitted in a background task, pickled into the deployment's data
folder and loaded by every process when the file is newer than the copy it holds.
The use case that finds the stored model stale asks for a refit through the
callable registered with :func:`set_refit_enqueuer` (``PartneringConfig.ready``
registers the task), so that this module never imports the task module.
"""

from __future__ import annotations

import pickle  # noqa: S403 - the model file is the deployment's own, see store()
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.utils.translation import gettext

from clustera.matching import PartnerRecommender, offer_content
from clustera.partnering import selectors

# Bumped whenever a stored recommender can no longer serve this code (features,
# objective); a stored file of another format is ignored and refitted, never used.
# 2: LambdaMART ranker and random-walk features (session 2).
# 3: activity relatedness from the observatory's employment data and value-chain links
#    from its input-output table (session 5).
MODEL_FORMAT = 3


class RecommenderNotReady(Exception):
    """No fitted recommender yet: its fit runs as a background task."""


class _Fitted:
    lock = threading.Lock()
    recommender: PartnerRecommender | None = None
    loaded_mtime: float = 0.0
    fingerprint: str = ""
    refit_requested: str = ""
    enqueue_refit: Callable[[], object] | None = None


def set_refit_enqueuer(enqueue: Callable[[], object]) -> None:
    """Register how a refit is asked for (the app registers its background task at start-up)."""
    _Fitted.enqueue_refit = enqueue


def model_path() -> Path:
    """The file the fitted recommender is stored in."""
    return Path(settings.DATA_DIR) / "models" / "partner_recommender.pkl"


def store(fitted: PartnerRecommender, fingerprint: str) -> None:
    """Write a fitted recommender atomically and serve it from this process at once."""
    path = model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    with partial.open("wb") as out:
        pickle.dump(
            {"format": MODEL_FORMAT, "fingerprint": fingerprint, "recommender": fitted},
            out,
            protocol=pickle.HIGHEST_PROTOCOL,
        )
    partial.replace(path)  # atomic: readers never see half a model
    with _Fitted.lock:
        _Fitted.recommender, _Fitted.fingerprint = fitted, fingerprint
        _Fitted.loaded_mtime = path.stat().st_mtime


def _load_if_newer(path: Path) -> None:
    """Read the stored model when the file changed since this process read it (lock held)."""
    if not path.exists() or path.stat().st_mtime <= _Fitted.loaded_mtime:
        return
    with path.open("rb") as stored:
        # Written only by store() above, into the deployment's own data folder.
        content = pickle.load(stored)  # noqa: S301
    if content.get("format") == MODEL_FORMAT:
        _Fitted.recommender, _Fitted.fingerprint = content["recommender"], content["fingerprint"]
    else:  # fitted by an older version: not usable, refit asked for by recommender()
        _Fitted.recommender, _Fitted.fingerprint = None, ""
        _Fitted.refit_requested = ""
    _Fitted.loaded_mtime = path.stat().st_mtime


def _request_refit(fingerprint: str) -> None:
    if _Fitted.refit_requested == fingerprint or _Fitted.enqueue_refit is None:
        return
    _Fitted.refit_requested = fingerprint
    _Fitted.enqueue_refit()


def recommender() -> PartnerRecommender:
    """The last fitted recommender; a refit is queued when the registry changed since.

    Organisations added since the fit are still served, from their live profiles.
    Raises RecommenderNotReady until the first fit has finished.
    """
    with _Fitted.lock:
        _load_if_newer(model_path())
        current = _Fitted.recommender
    fingerprint = repr(selectors.registry_fingerprint())
    if current is None:
        _request_refit(fingerprint)
        with _Fitted.lock:
            current = _Fitted.recommender
        if current is None:
            raise RecommenderNotReady(
                gettext("partner suggestions are being prepared; try again in a minute")
            )
    elif _Fitted.fingerprint != fingerprint and settings.CLUSTERA_RECOMMENDER_REFIT:
        _request_refit(fingerprint)
    return current


class _OfferIndex:
    lock = threading.Lock()
    fingerprint: tuple[Any, ...] | None = None
    profiles: pd.DataFrame | None = None
    content: Any = None


def offer_index() -> tuple[pd.DataFrame, Any]:
    """Offer profiles and their fitted text model, rebuilt only when offers or profiles changed."""
    fingerprint = selectors.offers_fingerprint()
    with _OfferIndex.lock:
        if _OfferIndex.fingerprint != fingerprint or _OfferIndex.profiles is None:
            profiles = selectors.offer_profiles()
            _OfferIndex.profiles, _OfferIndex.content = profiles, offer_content(profiles)
            _OfferIndex.fingerprint = fingerprint
        return _OfferIndex.profiles, _OfferIndex.content
