"""The full CSV download streams: memory does not grow with the number of programs."""

import tracemalloc

import pytest
from django.core.management import call_command

from gyeongju.opendata import exports

pytestmark = pytest.mark.django_db


def peak_while_streaming(client, path):
    response = client.get(path)
    assert response.streaming
    tracemalloc.start()
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, size


def test_csv_of_all_programs_streams_with_flat_memory(web, monkeypatch):
    # Rows are read in chunks; small chunks show the plateau with a test-sized portfolio.
    monkeypatch.setattr(exports, "CHUNK", 100)
    call_command("generate_portfolio", programs=800, seed=1, verbosity=0)
    small_peak, small_size = peak_while_streaming(web, "/data/programs.csv")
    call_command("generate_portfolio", programs=2400, seed=2, append=True, verbosity=0)
    large_peak, large_size = peak_while_streaming(web, "/data/programs.csv")
    assert large_size > 3.5 * small_size  # four times the rows …
    assert large_peak < 1.3 * small_peak  # … in about the same memory
