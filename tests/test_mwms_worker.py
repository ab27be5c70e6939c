"""course_utils.mwms_worker: two workers started by course_utils.launcher train to identical
weights, only the chief writes, and after one worker fails on purpose a restart resumes from
the last checkpoint, not from step 0."""

import os
import re
import subprocess
import sys

import pytest
from support import ROOT, run_without_tensorflow

from course_utils import mwms_worker
from course_utils.launcher import WorkerError, run_workers

# Generous: two TF processes start and train on a shared 2-core machine.
TIMEOUT = 240


def test_importing_the_worker_needs_no_tensorflow():
    code = "from course_utils import mwms_worker; print(mwms_worker.build_parser().prog != '')"
    assert run_without_tensorflow(code) == "True"


def _lines(logs, name, prefix):
    return [line for line in logs[name] if line.startswith(prefix)]


@pytest.mark.slow
def test_alone_without_tf_config_it_is_a_cluster_of_one_that_learns(tmp_path):
    pytest.importorskip("tensorflow")
    env = {k: v for k, v in os.environ.items() if k != "TF_CONFIG"}
    args = ["--out", str(tmp_path), "--steps", "100", "--log-every", "10"]
    result = subprocess.run(
        [sys.executable, mwms_worker.__file__, *args],
        capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    losses = [float(line.split()[-1]) for line in lines if line.startswith("step ")]
    assert lines[0] == "joining a cluster of 1 worker(s) as worker 0"
    assert len(losses) == 10 and lines[1] == "resumed from step 0" and lines[-1] == "done 100"
    assert re.fullmatch(r"rate \d+\.\d steps/s", lines[-4]), lines[-4]
    assert re.fullmatch(r"cpu \d+\.\d ms/step", lines[-3]), lines[-3]
    assert losses[-1] < 1.0 and losses[-1] < losses[0] / 2  # untrained: about ln(10) = 2.3


@pytest.mark.slow
def test_a_failed_worker_is_restarted_and_training_resumes_from_the_last_checkpoint(tmp_path):
    pytest.importorskip("tensorflow")
    out = tmp_path / "chief"
    args = ["--out", str(out), "--steps", "40", "--save-every", "10", "--log-every", "10"]

    with pytest.raises(WorkerError) as info:
        run_workers(mwms_worker.__file__, 2, args=[*args, "--fail-at", "25"], timeout=TIMEOUT,
                    echo=False)  # fmt: skip
    message = str(info.value)
    assert re.search(r"worker-1 \(pid \d+\) exited with status 3", message), message
    assert "failing on purpose at step 25" in message

    logs = run_workers(mwms_worker.__file__, 2, args=args, timeout=TIMEOUT, echo=False)
    for name in logs:
        assert _lines(logs, name, "resumed from step") == ["resumed from step 20"], logs[name]
        assert _lines(logs, name, "done") == ["done 40"]
    weights = {name: _lines(logs, name, "weights") for name in logs}
    assert weights["worker-0"] == weights["worker-1"] and len(weights["worker-0"]) == 1
    # Only the chief's folder holds checkpoints: the last two kept, none from worker 1.
    names = sorted(path.name for path in out.iterdir())
    assert names == [
        "checkpoint",
        "ckpt-30.data-00000-of-00001",
        "ckpt-30.index",
        "ckpt-40.data-00000-of-00001",
        "ckpt-40.index",
    ]
    assert [path.name for path in tmp_path.iterdir()] == ["chief"]
