"""Exercises of lecture 07 on jobs: a ``TF_CONFIG`` dict, an input-bound step, and the step
a restarted job resumes from."""

from __future__ import annotations

import json

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


def _is_tf_config_of(answer, hosts, index) -> bool:
    """The property check: the cluster's workers in order, and this task."""
    return (
        isinstance(answer, dict)
        and set(answer) == {"cluster", "task"}
        and answer["cluster"] == {"worker": list(hosts)}
        and answer["task"] == {"type": "worker", "index": index}
        and json.loads(json.dumps(answer)) == answer  # it survives TF_CONFIG's JSON
    )


def _task(answer) -> dict:
    return answer.get("task", {}) if isinstance(answer, dict) else {}


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
                "Indices count from 0: the third worker has index 2.",
                example=lambda: {**_tf_config(), "task": {"type": "worker", "index": 3}},
                matches=lambda v: _task(v).get("index") == 3,
            ),
            Mistake(
                "That is the first worker (the chief); the task asks for the third.",
                example=lambda: _tf_config(index=0),
                matches=lambda v: _task(v).get("index") == 0,
            ),
            Mistake(
                'The task type of a MultiWorkerMirroredStrategy worker is "worker" (the '
                'chief is worker 0), not "chief".',
                example=lambda: {**_tf_config(), "task": {"type": "chief", "index": INDEX}},
                matches=lambda v: _task(v).get("type") == "chief",
            ),
            Mistake(
                "The index must be an int, not a string.",
                example=lambda: {**_tf_config(), "task": {"type": "worker", "index": "2"}},
                matches=lambda v: isinstance(_task(v).get("index"), str),
            ),
            Mistake(
                '"cluster" must list every worker, itself included, in the same order on '
                "every worker: the index points into that list.",
                example=lambda: {"cluster": {"worker": HOSTS[2:]}, "task": _tf_config()["task"]},
                matches=lambda v: v.get("cluster", {}).get("worker") != HOSTS,
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
