"""A local cluster on loopback: PostgreSQL, Redis, two Rasa servers, two action servers, nginx.

`scripts/cluster.py` (`make cluster`) is its command line; tests/cluster/ drive it in-process.
Each service lives in its own module; `stack.Cluster` starts and stops them in order.
"""

from ops.cluster.stack import Cluster, ClusterState

__all__ = ["Cluster", "ClusterState"]
