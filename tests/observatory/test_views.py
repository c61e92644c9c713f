"""Observatory pages around datasets and jobs (the indicator pages are in test_pages.py)."""

from __future__ import annotations

import pytest

from clustera.observatory import models

pytestmark = pytest.mark.django_db


def test_unknown_dataset_job_and_download_format_are_404(client, world):
    assert client.get("/observatory/datasets/999999/").status_code == 404
    assert client.get("/observatory/jobs/999999/").status_code == 404
    assert client.get("/observatory/jobs/999999/download/").status_code == 404


def test_a_job_without_a_file_offers_no_download(client, world):
    job = models.Job.objects.create(
        kind="indicators", title="t", parameters={}, status=models.ResultStatus.DONE
    )
    assert client.get(f"/observatory/jobs/{job.pk}/").status_code == 200
    assert client.get(f"/observatory/jobs/{job.pk}/download/").status_code == 404


def test_the_index_lists_the_current_datasets(client, world):
    page = client.get("/observatory/").content.decode()
    assert world["employment"].title in page and world["patents"].title in page
