"""Exercises of lecture 07 on jobs: a ``TF_CONFIG`` dict, an input-bound step, and the step
a restarted job resumes from."""

from __future__ import annotations

import json

import numpy as np

from course_utils.cluster import make_tf_config
from course_utils.exercises._core import Choice, Exercise, Instance, Int, Mistake

# 07.3: the third worker of three.
HOSTS = ["node0:2222", "node1:2222", "node2:2222"]
INDEX = 2
# 07.5: batches (or steps) per second.
PIPELINE_ALONE, MODEL_ALONE, WHOLE_JOB = 40.0, 90.0, 38.0
# 07.6: checkpoint period and the step of the crash.
SAVE_EVERY, CRASH_AT = 50, 173


def _tf_config(hosts=HOSTS, index=INDEX) -> dict:
    return make_tf_config(list(hosts), index)


def _as_json(answer):
    """The answer as TF reads it back from the environment variable, or None if it cannot be
    written (``json.dumps`` writes tuples as lists and refuses NumPy ints)."""
    try:
        return json.loads(json.dumps(answer))
    except (TypeError, ValueError):
        return None


def _is_tf_config_of(answer, hosts, index) -> bool:
    """The property check: the cluster's workers in order, and this task.

    Tuples work as lists (``json.dumps`` writes both as JSON arrays); the optional key
    ``"rpc_layer": "grpc"`` (TF's default) is allowed.
    """
    value = _as_json(answer)
    if not isinstance(answer, dict) or not isinstance(value, dict):
        return False
    task_index = _task(answer).get("index")
    return (
        {"cluster", "task"} <= set(value) <= {"cluster", "task", "rpc_layer"}
        and value.get("rpc_layer", "grpc") == "grpc"
        and value["cluster"] == {"worker": list(hosts)}
        and value["task"] == {"type": "worker", "index": index}
        and isinstance(task_index, int)
        and not isinstance(task_index, bool)
    )


def _task(answer) -> dict:
    task = answer.get("task", {}) if isinstance(answer, dict) else {}
    return task if isinstance(task, dict) else {}


def _workers(answer):
    """The answer's list of worker addresses (tuples read as lists), or None."""
    cluster = answer.get("cluster") if isinstance(answer, dict) else None
    workers = cluster.get("worker") if isinstance(cluster, dict) else None
    return list(workers) if isinstance(workers, list | tuple) else None


def _cluster_is_right(answer) -> bool:
    return (
        isinstance(answer, dict)
        and answer.get("cluster", {}).keys() == {"worker"}
        and (_workers(answer) == HOSTS)
    )


def _with_task(**task) -> dict:
    return {**_tf_config(), "task": {"type": "worker", "index": INDEX, **task}}


def _diagnosis() -> str:
    # The slower half limits the job; the whole job runs at about the slower rate.
    return "input-bound" if PIPELINE_ALONE < MODEL_ALONE else "compute-bound"


def _resume_step(save_every: int = SAVE_EVERY, crash_at: int = CRASH_AT) -> int:
    return (crash_at // save_every) * save_every


EXERCISES = [
    Exercise(
        id="07.3",
        task=(
            "The TF_CONFIG dict of the third worker of node0:2222, node1:2222, node2:2222 "
            "(in that order)."
        ),
        form=Instance("dict", what="TF_CONFIG", hint="Give the dict itself, not json.dumps of it."),
        solve=_tf_config,
        accept=lambda value, expected: _is_tf_config_of(value, HOSTS, INDEX),
        reason=(
            "Correct: every worker gets the same cluster, in the same order, and its own "
            "task index; json.dumps(answer) is what goes into the environment variable."
        ),
        hint=(
            'A TF_CONFIG has two keys: "cluster" (a dict with the list "worker" of all '
            'addresses, in order) and "task" (a dict with "type" and "index").'
        ),
        mistakes=[
            Mistake(
                "The index is a NumPy integer, which json.dumps cannot write into the "
                "environment variable: give a Python int.",
                example=lambda: _with_task(index=np.int64(INDEX)),
                matches=lambda v: isinstance(_task(v).get("index"), np.integer),
            ),
            Mistake(
                "The index must be an int, not a float: it counts workers.",
                example=lambda: _with_task(index=float(INDEX)),
                matches=lambda v: isinstance(_task(v).get("index"), float | np.floating),
            ),
            Mistake(
                "The index must be an int, not a string.",
                example=lambda: _with_task(index=str(INDEX)),
                matches=lambda v: isinstance(_task(v).get("index"), str),
            ),
            Mistake(
                "The index must be an int, not a bool: TF reads true as int(True) = 1, the "
                "second worker (and false as 0, the chief); the third worker has index 2.",
                example=lambda: _with_task(index=True),
                matches=lambda v: isinstance(_task(v).get("index"), bool),
            ),
            Mistake(
                'The addresses go under the key "cluster": a dict whose "worker" entry is '
                "the list of addresses.",
                example=lambda: {"worker": HOSTS, "task": _tf_config()["task"]},
                matches=lambda v: "cluster" not in v,
            ),
            Mistake(
                'With a "chief" job, node0 would be a chief and not one of three workers; '
                'the task lists all three under "worker" (worker 0 acts as the chief).',
                example=lambda: {
                    "cluster": {"chief": HOSTS[:1], "worker": HOSTS[1:]},
                    "task": {"type": "worker", "index": 1},
                },
                matches=lambda v: isinstance(v.get("cluster"), dict) and "chief" in v["cluster"],
            ),
            Mistake(
                'Each address is one string "host:port", with the port inside the string.',
                example=lambda: {
                    "cluster": {"worker": [h.split(":") for h in HOSTS]},
                    "task": _tf_config()["task"],
                },
                matches=lambda v: not all(isinstance(a, str) for a in _workers(v)),
            ),
            Mistake(
                '"cluster" must list every worker, itself included, in the same order on '
                "every worker: the index points into that list.",
                example=lambda: {"cluster": {"worker": HOSTS[2:]}, "task": _tf_config()["task"]},
                matches=lambda v: not _cluster_is_right(v),
            ),
            Mistake(
                "Indices count from 0: the third worker has index 2.",
                example=lambda: _with_task(index=3),
                matches=lambda v: _task(v).get("index") == 3,
            ),
            Mistake(
                "That is the first worker (the chief); the task asks for the third.",
                example=lambda: _tf_config(index=0),
                matches=lambda v: _task(v).get("index") == 0,
            ),
            Mistake(
                "That is the second worker; the task asks for the third.",
                example=lambda: _tf_config(index=1),
                matches=lambda v: _task(v).get("index") == 1,
            ),
            Mistake(
                'The task type of a worker in this cluster is "worker" (the chief is worker '
                '0); "chief" is a job of its own, which this cluster does not have.',
                example=lambda: _with_task(type="chief"),
                matches=lambda v: _task(v).get("type") == "chief",
            ),
            Mistake(
                'Job names are lower case: "worker", as in the cluster.',
                example=lambda: _with_task(type="Worker"),
                matches=lambda v: (
                    _task(v).get("type") != "worker"
                    and str(_task(v).get("type")).lower() == "worker"
                ),
            ),
            Mistake(
                "That is the JSON string that goes into the environment variable; give the "
                "dict (json.loads of it).",
                example=lambda: json.dumps(_tf_config()),
                matches=lambda v: isinstance(v, str) and "cluster" in v,
                raw=True,
            ),
        ],
        explanation="""
```python
hosts = ["node0:2222", "node1:2222", "node2:2222"]
answer = {"cluster": {"worker": hosts}, "task": {"type": "worker", "index": 2}}
# the same as launcher.make_tf_config(hosts, 2); the process gets
# os.environ["TF_CONFIG"] = json.dumps(answer) before it creates the strategy
```
""",
    ),
    Exercise(
        id="07.5",
        task=(
            "Pipeline alone 40 batches/s, model alone on in-memory batches 90 steps/s, whole "
            "job 38 steps/s: input-bound or compute-bound?"
        ),
        form=Choice(["input-bound", "compute-bound"], "the diagnosis"),
        solve=_diagnosis,
        reason=(
            "Correct: the model could take 90 steps/s but the pipeline delivers only 40, and "
            "the job runs at about the pipeline's rate: speed up the input first."
        ),
        hint="Compare the two halves: the job cannot run faster than the slower one.",
        mistakes=[
            Mistake(
                "The model alone runs faster (90 steps/s) than the pipeline feeds it (40): "
                "the model waits for data, so the input is the limit.",
                example=lambda: "compute-bound",
            ),
        ],
        explanation="""
```python
answer = "input-bound" if 40 < 90 else "compute-bound"
```
The whole job (38 steps/s) runs at about the slower half's rate, the pipeline's: try
`cache`, a parallel `map` and `prefetch` (section 1) before a bigger machine.
""",
    ),
    Exercise(
        id="07.6",
        task="A checkpoint every 50 steps, a crash at step 173: the step training resumes from.",
        form=Int("the step"),
        solve=_resume_step,
        reason=lambda step: (
            f"Correct: the last checkpoint before the crash is step {step}; the steps after "
            "it are done again."
        ),
        hint="Find the last step before the crash at which a checkpoint was written.",
        mistakes=[
            Mistake(
                "The steps after the last checkpoint are lost with the crash: the restart "
                "reads the last checkpoint, not the step it died at.",
                example=lambda: CRASH_AT,
            ),
            Mistake(
                "A checkpoint exists, so the job does not start from 0: that is the point of "
                "saving them.",
                example=lambda: 0,
            ),
            Mistake(
                "You rounded up: the checkpoint of that step was never written, the crash "
                "came first.",
                example=lambda: _resume_step() + SAVE_EVERY,
            ),
            Mistake(
                "That is one checkpoint too early: with max_to_keep=2 the latest one is "
                "kept, and the restart reads the latest.",
                example=lambda: _resume_step() - SAVE_EVERY,
            ),
        ],
        explanation="""
```python
answer = (173 // 50) * 50
```
The chief saved at steps 50, 100, 150; the crash at 173 loses 23 steps, which the restarted
workers train again after `tf.train.latest_checkpoint` gives them step 150.
""",
    ),
]
