"""A build killed while it runs leaves the previous output byte-identical and no stray files.

`kg build` of ~200 articles runs as a subprocess; once its shard holds built articles it is sent
SIGKILL, SIGINT or SIGTERM. Ctrl-C and SIGTERM clean up at once; SIGKILL cannot, and leaves its
work folder in `.kg-build/`, which the next run removes. A normal rerun then succeeds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.cli import main
from tests.conftest import DEV, ROOT, SEEDS

ARTICLES = 200


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~200 real articles (the seeds and dev articles, cycled under distinct names)."""
    folder = tmp_path_factory.mktemp("many")
    texts = [p.read_bytes() for p in sorted([*SEEDS.glob("*.txt"), *DEV.glob("*.txt")])]
    for index in range(ARTICLES):
        (folder / f"article-{index:03d}.txt").write_bytes(texts[index % len(texts)])
    return folder


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, bytes]:
    """out/kg.ttl from an earlier build of one article."""
    output = tmp_path / "out" / "kg.ttl"
    assert main(["-q", "build", str(sorted(SEEDS.glob("*.txt"))[0]), "-o", str(output)]) == 0
    return output, output.read_bytes()


def _start(folder: Path, output: Path, *options: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    # Ctrl-C's default action, as in a terminal: a test run started in the background (`make test &`,
    # nohup) has SIGINT ignored, and children would inherit that.
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(folder), "-o", str(output), *options],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _wait_for_shard_work(process: subprocess.Popen[bytes], output: Path, timeout: float = 20.0) -> None:
    """Until the shard file in .kg-build/ holds built articles (the model is loaded, work is under way)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the build ended before it could be interrupted"
        shards = list((output.parent / ".kg-build").glob("*/shard-*.nq"))
        if shards and any(s.stat().st_size > 0 for s in shards):
            return
        time.sleep(0.05)
    raise AssertionError("no shard work started in time")


def _stray(folder: Path) -> list[str]:
    """Files next to the output other than the output itself and .kg-build/ work folders."""
    return sorted(p.name for p in folder.iterdir() if p.name not in ("kg.ttl", ".kg-build"))


@pytest.mark.parametrize("how,workers", [(signal.SIGKILL, 1), (signal.SIGINT, 1), (signal.SIGTERM, 2)],
                         ids=["SIGKILL", "SIGINT", "SIGTERM-2-workers"])
def test_an_interrupted_build_leaves_the_previous_output(how: signal.Signals, workers: int, many_articles: Path,
                                                         previous: tuple[Path, bytes]) -> None:
    output, before = previous
    process = _start(many_articles, output, "--workers", str(workers))
    try:
        _wait_for_shard_work(process, output)
        process.send_signal(how)  # to the main process only, as `kill` or a service manager does
        started = time.monotonic()
        _, stderr = process.communicate(timeout=20)
        if how != signal.SIGKILL:
            assert time.monotonic() - started < 5  # stops now, not after the workers' shards
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: workers orphaned by a failure too
        except ProcessLookupError:
            pass
        process.wait()
    message = stderr.decode("utf-8", "replace")
    if how == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 130, message  # handled: cleaned up, with a message
        assert "interrupted: earlier outputs are left as they were" in message
        assert "Traceback" not in message
    assert output.read_bytes() == before
    assert _stray(output.parent) == []
    work = output.parent / ".kg-build"
    left = sorted(p.name for p in work.iterdir()) if work.exists() else []
    if how == signal.SIGKILL:
        assert len(left) == 1  # the killed run's folder: nothing could remove it...
    else:
        assert left == []  # ...but Ctrl-C and SIGTERM remove their own

    # a normal rerun succeeds, and removes what the killed run left
    article = sorted(SEEDS.glob("*.txt"))[1]
    assert main(["-q", "build", str(article), "-o", str(output)]) == 0
    assert output.read_bytes() != before
    assert _stray(output.parent) == [] and not work.exists()


def test_a_live_build_keeps_its_work_folder(tmp_path: Path, many_articles: Path) -> None:
    """Cleaning up after killed runs never touches the folder of a run still going."""
    output = tmp_path / "out" / "kg.ttl"
    process = _start(many_articles, output)
    try:
        _wait_for_shard_work(process, output)
        live = sorted((output.parent / ".kg-build").iterdir())
        assert main(["-q", "build", str(sorted(SEEDS.glob("*.txt"))[0]), "-o", str(tmp_path / "out" / "other.ttl")]) == 0
        assert all(folder.exists() for folder in live)
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)
    assert process.returncode == 130
    assert not (output.parent / ".kg-build").exists() and not output.exists()
