#!/bin/sh
# Entrypoint baked into the GlusterFS core image (part of the image recipe and its hash).
# GlusterFS has no master: every storage node runs glusterd, the management daemon, and
# glusterd starts the brick processes (glusterfsd; one per node with brick multiplexing)
# and the self-heal daemon itself. This script only prepares the node and runs glusterd in
# the foreground, so the container lives exactly as long as glusterd does.
#   BAY_ROOT            where the node's bays are mounted (default /gluster/bays); each
#                       bay that holds a file system gets a `brick` folder the volume uses
#                       (a brick is never the bay's root: when the disk is pulled the brick
#                       folder vanishes and glusterfsd fails it instead of writing into the
#                       bare mount point)
#   GLUSTER_LOG_LEVEL   glusterd's log level (default INFO)
#   ACCEPT_PRELOAD      a fault-injection library preloaded into glusterd and so into the
#                       brick processes it spawns, never into this script
# No configuration is needed to join a cluster: a node is added by `gluster peer probe
# ADDRESS` from a node already in it (clause T8: nothing but its address).
set -eu
bays="${BAY_ROOT:-/gluster/bays}"
mkdir -p /var/lib/glusterd /var/log/glusterfs /var/run/gluster
for d in "$bays"/*; do
  [ -d "$d" ] || continue
  # an empty bay (disk pulled: the bare, immutable mount point) gets no brick folder
  if ! mkdir -p "$d/brick" 2>/dev/null; then
    echo "$d: no usable disk in this bay, no brick" >&2
  fi
done
# -N: no daemon (foreground); --log-file=-: the log on stderr, i.e. `docker logs`
if [ -n "${ACCEPT_PRELOAD:-}" ]; then
  LD_PRELOAD="$ACCEPT_PRELOAD" exec glusterd -N --log-level="${GLUSTER_LOG_LEVEL:-INFO}" --log-file=-
fi
exec glusterd -N --log-level="${GLUSTER_LOG_LEVEL:-INFO}" --log-file=-
