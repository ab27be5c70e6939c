"""course_utils.launcher: ports, TF_CONFIG and environment, cleanup on success, errors,
KeyboardInterrupt and timeouts (checked by pid), crashes and hangs (plain Python workers),
then one bounded 2-worker MultiWorkerMirroredStrategy run (identical weights, chief-only
writes, every connection on 127.0.0.1) and the replica-gradient check."""

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from support import ROOT, run_without_tensorflow

from course_utils.launcher import (
    HOST,
    WorkerError,
    WorkerGroup,
    WorkerTimeoutError,
    leftover_processes,
    make_tf_config,
    pick_free_ports,
    run_workers,
)

# Generous: the test machine is shared, and a Python start can take seconds there.
TIMEOUT = 60


def _write(tmp_path: Path, name: str, code: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(code))
    return path


def _gone(pid: int, within: float = 10.0) -> bool:
    """True once no process with this pid exists (or only a zombie awaiting its reaper)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            return True
        time.sleep(0.1)
    return False


# A worker that prints its pid, then its child's, then waits forever (until stopped).
SLEEPER = """
    import subprocess, sys, time
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    print("pids", __import__("os").getpid(), child.pid, flush=True)
    time.sleep(600)
"""


def _started_pids(group: WorkerGroup, count: int) -> list[int]:
    """Read the 'pids' lines the SLEEPER workers print: their own pids and their children's."""
    pids: list[int] = []
    deadline = time.monotonic() + TIMEOUT
    while len(pids) < 2 * count and time.monotonic() < deadline:
        pids = [
            int(p)
            for w in group.workers
            for line in w.log
            if line.startswith("pids")
            for p in line.split()[1:]
        ]
        time.sleep(0.1)
    assert len(pids) == 2 * count, "the workers did not start in time"
    return pids


def test_the_launcher_needs_no_tensorflow():
    code = "from course_utils import launcher; print(len(launcher.pick_free_ports(2)))"
    assert run_without_tensorflow(code) == "2"


def test_pick_free_ports_gives_distinct_bindable_ports():
    ports = pick_free_ports(4)
    assert len(set(ports)) == 4
    for port in ports:
        with socket.socket() as sock:
            sock.bind((HOST, port))


def test_make_tf_config(expect_error):
    addresses = ["127.0.0.1:1111", "127.0.0.1:2222", "127.0.0.1:3333"]
    config = make_tf_config(addresses, 2)
    assert config == {"cluster": {"worker": addresses}, "task": {"type": "worker", "index": 2}}
    assert json.loads(json.dumps(config)) == config
    expect_error(lambda: make_tf_config(addresses, 3), ValueError, "index must be an int in [0, 3)")
    expect_error(lambda: make_tf_config(addresses, 1.0), TypeError, "index must be")
    expect_error(lambda: make_tf_config("127.0.0.1:1", 0), TypeError, "addresses must be")
    expect_error(lambda: make_tf_config([], 0), ValueError, "addresses must hold")


def test_bad_arguments_name_the_argument(tmp_path, expect_error):
    script = _write(tmp_path, "ok.py", "pass")
    expect_error(lambda: WorkerGroup(script, 0), ValueError, "num_workers must be an int >= 1")
    expect_error(lambda: WorkerGroup(script, "2"), TypeError, "num_workers must be")
    expect_error(lambda: WorkerGroup(script, timeout=0), ValueError, "timeout must be")
    expect_error(lambda: WorkerGroup(script, timeout="9"), TypeError, "timeout must be")
    expect_error(lambda: WorkerGroup(script, args="x"), TypeError, "args must be")
    expect_error(lambda: WorkerGroup(tmp_path / "no.py"), ValueError, "script must be")
    expect_error(lambda: WorkerGroup(3), TypeError, "script must be")
    expect_error(lambda: WorkerGroup(script).wait(), RuntimeError, "start the workers first")
    for bad in ([2], [0, 0], [], [True], "0"):
        expect_error(lambda b=bad: WorkerGroup(script, indices=b), ValueError, "indices must")
    expect_error(lambda: leftover_processes(7), TypeError, "pids must be")


def test_each_worker_gets_its_tf_config_env_and_prefixed_log(tmp_path, capsys):
    script = _write(
        tmp_path,
        "show.py",
        """
        import json, os, sys
        print(json.dumps({"tf_config": json.loads(os.environ["TF_CONFIG"]),
                          "extra": os.environ["EXTRA"], "args": sys.argv[1:],
                          "no_proxy": os.environ["no_proxy"].split(",")}))
    """,
    )
    with WorkerGroup(script, 3, args=["a", "b"], env={"EXTRA": "yes"}, timeout=TIMEOUT) as group:
        logs = group.wait()
        addresses = group.addresses
    assert len(set(addresses)) == 3
    assert all(address.startswith(f"{HOST}:") for address in addresses)
    for index in range(3):
        seen = json.loads(logs[f"worker-{index}"][-1])
        assert seen["tf_config"] == make_tf_config(addresses, index)
        assert seen["extra"] == "yes" and seen["args"] == ["a", "b"]
        assert HOST in seen["no_proxy"]  # gRPC would otherwise honour an http_proxy
    printed = capsys.readouterr().out.splitlines()
    assert sorted(line.split("]")[0] for line in printed) == ["[worker-0", "[worker-1", "[worker-2"]


def test_run_workers_returns_the_logs(tmp_path):
    script = _write(tmp_path, "hi.py", "print('hello'); print('bye')")
    logs = run_workers(script, 2, timeout=TIMEOUT, echo=False)
    assert logs == {"worker-0": ["hello", "bye"], "worker-1": ["hello", "bye"]}


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_leaving_the_block_stops_every_process(tmp_path, error):
    script = _write(tmp_path, "sleeper.py", SLEEPER)
    with pytest.raises(error):
        with WorkerGroup(script, 2, timeout=TIMEOUT, echo=False) as group:
            pids = _started_pids(group, 2)
            assert set(group.pids) <= set(pids)
            raise error("stop")
    assert all(_gone(pid) for pid in pids), "a worker or its child outlived the group"


def test_stop_kills_a_child_that_ignores_sigterm_after_its_worker_exits(tmp_path):
    # The worker dies of SIGTERM at once; its child ignores SIGTERM and must get SIGKILL.
    script = _write(
        tmp_path,
        "stubborn.py",
        """
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", (
            "import signal, os, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            "print('pids', os.getpid(), flush=True); time.sleep(600)")])
        print("pids", __import__("os").getpid(), flush=True)
        time.sleep(600)
    """,
    )
    with WorkerGroup(script, 1, timeout=TIMEOUT, echo=False) as group:
        pids = _started_pids(group, 1)  # the worker's and its child's, once SIGTERM is ignored
        group.stop(grace=1.0)
        assert leftover_processes(group.pids) == []
    assert all(_gone(pid, within=0.5) for pid in pids), "the child outlived stop()"


def test_a_crashing_worker_is_named_with_its_last_lines(tmp_path):
    script = _write(
        tmp_path,
        "crash.py",
        """
        import json, os, sys, time
        if json.loads(os.environ["TF_CONFIG"])["task"]["index"] == 1:
            print("loading data", flush=True)
            sys.exit("boom: no such file")
        time.sleep(600)
    """,
    )
    with WorkerGroup(script, 2, timeout=TIMEOUT, echo=False) as group:
        pids = group.pids
        with pytest.raises(WorkerError) as info:
            group.wait()
    message = str(info.value)
    assert "worker-1" in message and "status 1" in message
    assert "loading data" in message and "boom: no such file" in message
    assert all(_gone(pid) for pid in pids)


@pytest.mark.slow
def test_a_hanging_worker_is_killed_at_the_timeout(tmp_path):
    # It ignores SIGTERM, so the launcher must fall back to SIGKILL.
    script = _write(
        tmp_path,
        "hang.py",
        """
        import signal, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("waiting for the chief", flush=True)
        time.sleep(600)
    """,
    )
    with WorkerGroup(script, 2, timeout=3, echo=False) as group:
        pids = group.pids
        # wait()'s clock starts when it is called: first let both workers come up (slowly,
        # on a busy machine), so that their last lines are known.
        deadline = time.monotonic() + TIMEOUT
        while not all(w.log for w in group.workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        with pytest.raises(WorkerTimeoutError) as info:
            group.wait()
    message = str(info.value)
    assert "within 3 s" in message and "worker-0" in message and "worker-1" in message
    assert "waiting for the chief" in message
    assert all(_gone(pid) for pid in pids)


def test_a_worker_that_never_comes_up_gives_a_timeout_naming_it(tmp_path):
    # The chief waits for its peer, as a TF chief waits in its first collective.
    script = _write(
        tmp_path,
        "chief.py",
        """
        import time
        print("waiting for worker-1", flush=True)
        time.sleep(600)
    """,
    )
    with WorkerGroup(script, 2, indices=[0], timeout=3, echo=False) as group:
        assert [w.name for w in group.workers] == ["worker-0"] and len(group.pids) == 1
        assert group.workers[0].tf_config["cluster"]["worker"][1].startswith(f"{HOST}:")
        deadline = time.monotonic() + TIMEOUT
        while not group.workers[0].log and time.monotonic() < deadline:
            time.sleep(0.1)
        pids = group.pids
        with pytest.raises(WorkerTimeoutError) as info:
            group.wait()
    message = str(info.value)
    assert "within 3 s" in message and "waiting for worker-1" in message
    assert "not started by this launcher: worker-1" in message
    assert leftover_processes(pids) == []


def test_leftover_processes_sees_a_running_group_and_not_a_stopped_one(tmp_path):
    script = _write(tmp_path, "sleeper.py", SLEEPER)
    with WorkerGroup(script, 2, timeout=TIMEOUT, echo=False) as group:
        _started_pids(group, 2)
        pids = group.pids
        assert leftover_processes(pids) == pids
    assert leftover_processes(pids) == []


# Five steps of a small conv net under MultiWorkerMirroredStrategy, in a custom loop.
MWMS_WORKER = """
    import json, os, sys
    import numpy as np
    import tensorflow as tf

    out_dir, steps, global_batch = sys.argv[1], int(sys.argv[2]), 16
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    is_chief = json.loads(os.environ["TF_CONFIG"])["task"]["index"] == 0
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 8, 8, 1)).astype("float32")
    y = rng.integers(0, 3, size=256).astype("int32")
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).repeat().batch(global_batch)
    batches = iter(strategy.experimental_distribute_dataset(dataset))
    with strategy.scope():
        kernel = tf.Variable(rng.normal(size=(3, 3, 1, 4)).astype("float32") * 0.3)
        dense = tf.Variable(rng.normal(size=(4, 3)).astype("float32") * 0.3)

    def replica_step(xb, yb):
        with tf.GradientTape() as tape:
            h = tf.nn.relu(tf.nn.conv2d(xb, kernel, 1, "SAME"))
            logits = tf.reduce_mean(h, axis=[1, 2]) @ dense
            per_example = tf.nn.sparse_softmax_cross_entropy_with_logits(yb, logits)
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=global_batch)
        grads = tape.gradient(loss, [kernel, dense])
        grads = tf.distribute.get_replica_context().all_reduce("sum", grads)
        for variable, grad in zip([kernel, dense], grads):
            variable.assign_sub(0.1 * grad)

    @tf.function
    def train_step(batch):
        strategy.run(replica_step, args=batch)

    for _ in range(steps):
        train_step(next(batches))
    weights = np.concatenate([kernel.numpy().ravel(), dense.numpy().ravel()])
    # This process's TCP connections (Linux): /proc/self/fd names socket inodes, and
    # /proc/net/tcp{,6} gives each inode's state (01 = established) and remote address.
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    remotes = []
    for table in ("tcp", "tcp6"):
        for row in open(f"/proc/net/{table}").read().splitlines()[1:]:
            fields = row.split()
            if fields[9] in inodes and fields[3] == "01":
                remotes.append(fields[2].split(":")[0])
    print("remotes", json.dumps(remotes), flush=True)
    print("replicas", strategy.num_replicas_in_sync, flush=True)
    print("weights", json.dumps(weights.tolist()), flush=True)
    if is_chief:
        np.save(os.path.join(out_dir, "weights.npy"), weights)
"""


@pytest.mark.slow
def test_two_workers_train_to_identical_weights_and_only_the_chief_writes(tmp_path):
    pytest.importorskip("tensorflow")
    script = _write(tmp_path, "mwms.py", MWMS_WORKER)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    logs = run_workers(script, 2, args=[str(out_dir), "5"], timeout=180, echo=False)
    weights = {}
    for name, lines in logs.items():
        assert "replicas 2" in lines, f"{name} did not see 2 replicas:\n{lines[-5:]}"
        weights[name] = next(
            json.loads(line.split(" ", 1)[1]) for line in lines if line.startswith("weights ")
        )
    assert weights["worker-0"] == weights["worker-1"]  # bit for bit: the same all-reduce
    # All traffic stays on 127.0.0.1: every connection of each worker goes to the loopback
    # address (hex as /proc writes it, IPv4 or IPv4-mapped IPv6), and there are some.
    loopback = {"0100007F", "0000000000000000FFFF00000100007F"}
    for name, lines in logs.items():
        remotes = next(json.loads(s.split(" ", 1)[1]) for s in lines if s.startswith("remotes "))
        assert remotes and set(remotes) <= loopback, f"{name} talks to {remotes}"
    assert [path.name for path in out_dir.iterdir()] == ["weights.npy"]
    assert np.load(out_dir / "weights.npy").tolist() == weights["worker-0"]


# The all-reduced gradient of a global batch split over 2 logical CPUs against one device.
# Logical devices must be set before TF initialises its devices, hence a fresh process.
GRADIENTS = """
    import json
    import numpy as np
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    rng = np.random.default_rng(0)
    global_batch = 8
    x = rng.normal(size=(global_batch, 8, 8, 1)).astype("float32")
    y = rng.integers(0, 3, size=global_batch).astype("int32")
    k0 = (rng.normal(size=(3, 3, 1, 4)) * 0.3).astype("float32")
    d0 = (rng.normal(size=(4, 3)) * 0.3).astype("float32")

    def per_example_loss(xb, yb, kernel, dense):
        h = tf.nn.relu(tf.nn.conv2d(xb, kernel, 1, "SAME"))
        logits = tf.reduce_mean(h, axis=[1, 2]) @ dense
        return tf.nn.sparse_softmax_cross_entropy_with_logits(yb, logits)

    kernel, dense = tf.Variable(k0), tf.Variable(d0)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(per_example_loss(x, y, kernel, dense))
    single = [g.numpy().tolist() for g in tape.gradient(loss, [kernel, dense])]
    with strategy.scope():
        mk, md = tf.Variable(k0), tf.Variable(d0)
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(global_batch)
    batch = next(iter(strategy.experimental_distribute_dataset(dataset)))

    def replica_grads(xb, yb, global_average):
        with tf.GradientTape() as tape:
            per_example = per_example_loss(xb, yb, mk, md)
            if global_average:
                loss = tf.nn.compute_average_loss(per_example, global_batch_size=global_batch)
            else:  # the classic mistake: each replica averages over its own half
                loss = tf.reduce_mean(per_example)
        return tape.gradient(loss, [mk, md]), tf.shape(xb)[0]

    @tf.function
    def all_reduced(global_average):
        grads, sizes = strategy.run(replica_grads, args=(*batch, global_average))
        grads = [strategy.reduce("sum", g, axis=None) for g in grads]
        return grads, strategy.experimental_local_results(sizes)

    right, sizes = all_reduced(True)
    wrong, _ = all_reduced(False)
    print(json.dumps({
        "replicas": strategy.num_replicas_in_sync,
        "sizes": [int(s) for s in sizes],
        "single": single,
        "right": [g.numpy().tolist() for g in right],
        "wrong": [g.numpy().tolist() for g in wrong],
    }))
"""


@pytest.mark.slow
def test_all_reduced_gradient_equals_the_single_device_gradient(tmp_path):
    pytest.importorskip("tensorflow")
    script = _write(tmp_path, "gradients.py", GRADIENTS)
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["replicas"] == 2 and found["sizes"] == [4, 4]
    for single, right, wrong in zip(found["single"], found["right"], found["wrong"], strict=True):
        single, right, wrong = np.array(single), np.array(right), np.array(wrong)
        assert np.abs(single).max() > 1e-3  # a gradient worth comparing
        # float32 sums in another order: equal to 1e-6 (the gradients are about 1e-2)
        np.testing.assert_allclose(right, single, rtol=0, atol=1e-6)
        # averaging per replica: each half's mean, summed over 2 replicas, is twice too big
        np.testing.assert_allclose(wrong, 2 * single, rtol=0, atol=1e-6)
