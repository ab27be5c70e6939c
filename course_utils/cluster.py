"""The cluster description of a multi-worker job on this machine: free ports and ``TF_CONFIG``.

Pure helpers used by :mod:`course_utils.launcher` (and re-exported there): they pick
free TCP ports on 127.0.0.1 and build each worker's ``TF_CONFIG`` dict. Plain Python;
they never import TensorFlow and start no process.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence

from course_utils._validate import integer

__all__ = ["HOST", "make_tf_config", "pick_free_ports"]

#: Every worker is addressed at the loopback address, so the workers' traffic to each other
#: stays on this machine. (TF's gRPC server itself listens on all interfaces of its port.)
HOST = "127.0.0.1"


def pick_free_ports(count: int) -> list[int]:
    """Return ``count`` distinct TCP ports that are free on 127.0.0.1 now.

    Each port comes from binding port 0 (the OS picks a free one); all sockets stay
    open until every port is chosen, so the ports differ. Another program could take a
    port between this call and the worker's start; the window is short.

    Examples
    --------
    >>> ports = pick_free_ports(2)
    >>> len(set(ports)), all(1024 <= port < 65536 for port in ports)
    (2, True)
    """
    count = integer("count", count, 1)
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind((HOST, 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def make_tf_config(addresses: Sequence[str], index: int) -> dict:
    """Return the ``TF_CONFIG`` dict of worker ``index`` in a cluster of workers.

    Parameters
    ----------
    addresses : sequence of str
        ``"host:port"`` of every worker, the chief (worker 0) first.
    index : int
        This worker's position in ``addresses``.

    Examples
    --------
    >>> make_tf_config(["127.0.0.1:2222"], 0)["task"]
    {'type': 'worker', 'index': 0}
    """
    if isinstance(addresses, str) or not all(isinstance(a, str) for a in addresses):
        raise TypeError(f"addresses must be a sequence of 'host:port' strings, got {addresses!r}")
    if not addresses:
        raise ValueError("addresses must hold at least one 'host:port', got an empty sequence")
    index = integer(
        "index", index, 0, below=len(addresses), what=f"an int in [0, {len(addresses)})"
    )
    return {"cluster": {"worker": list(addresses)}, "task": {"type": "worker", "index": index}}
