#!/bin/sh
# Entrypoint baked into the reference-core image (part of the image recipe and its hash).
# One image, two roles, configured only through the environment, so that a storage node
# joining the cluster needs nothing but the master's address (clause T8).
#   ROLE=master       MFS_REPLICATIONS_DELAY_INIT (s, default 60 as shipped)
#   ROLE=chunkserver  MASTER_HOST (required), BAY_ROOT (default /mfs/bays),
#                     HDD_PREFIX ('' normally; '*' marks every disk for removal),
#                     HDD_LEAVE_SPACE (default 64MiB: bays are small sparse images)
#                     ACCEPT_PRELOAD (a fault-injection library preloaded into mfschunkserver
#                     only, never into this script)
#   Both roles: MFSCFG_<KEY>=<value> adds "KEY = value" to the role's config file, so a
#   profile or a negative control can set any MooseFS option without a new image.
set -eu
# the MFSCFG_* variables as config lines
extra_cfg() {
  env | sed -n 's/^MFSCFG_\([A-Z0-9_]*\)=\(.*\)$/\1 = \2/p'
}
mkdir -p /etc/mfs /var/lib/mfs
chown mfs:mfs /var/lib/mfs
case "${ROLE:-}" in
master)
  cat > /etc/mfs/mfsmaster.cfg <<CFG
DATA_PATH = /var/lib/mfs
REPLICATIONS_DELAY_INIT = ${MFS_REPLICATIONS_DELAY_INIT:-60}
CFG
  extra_cfg >> /etc/mfs/mfsmaster.cfg
  cp /usr/share/doc/moosefs-master/examples/mfsexports.cfg /etc/mfs/mfsexports.cfg
  [ -f /var/lib/mfs/metadata.mfs ] || [ -f /var/lib/mfs/metadata.mfs.back ] ||
    cp /var/lib/mfs/metadata.mfs.empty /var/lib/mfs/metadata.mfs 2>/dev/null ||
    echo "MFSM NEW" > /var/lib/mfs/metadata.mfs
  chown -R mfs:mfs /var/lib/mfs
  # -a: after an unclean stop (crash, power loss) restore metadata from the change logs
  exec mfsmaster -f -a -c /etc/mfs/mfsmaster.cfg start
  ;;
chunkserver)
  : "${MASTER_HOST:?MASTER_HOST is required for a chunkserver}"
  bays="${BAY_ROOT:-/mfs/bays}"
  cat > /etc/mfs/mfschunkserver.cfg <<CFG
DATA_PATH = /var/lib/mfs
MASTER_HOST = ${MASTER_HOST}
HDD_LEAVE_SPACE_DEFAULT = ${HDD_LEAVE_SPACE:-64MiB}
CFG
  extra_cfg >> /etc/mfs/mfschunkserver.cfg
  : > /etc/mfs/mfshdd.cfg
  for d in "$bays"/*; do
    [ -d "$d" ] || continue
    # an empty bay (disk pulled: the bare, immutable mount point) or a dead disk is left out:
    # mfschunkserver refuses to start when it cannot lock one of its folders, so listing it
    # would keep a crashed node from ever coming back. The disk put in later is listed then
    # (the harness's adoptBay, as a udev rule would on a real server).
    if ! chown mfs:mfs "$d" 2>/dev/null; then
      echo "$d: no usable disk in this bay, not listed" >&2
      continue
    fi
    echo "${HDD_PREFIX:-}$d" >> /etc/mfs/mfshdd.cfg
  done
  [ -s /etc/mfs/mfshdd.cfg ] || { echo "no bays under $bays" >&2; exit 64; }
  if [ -n "${ACCEPT_PRELOAD:-}" ]; then
    LD_PRELOAD="$ACCEPT_PRELOAD" exec mfschunkserver -f -c /etc/mfs/mfschunkserver.cfg start
  fi
  exec mfschunkserver -f -c /etc/mfs/mfschunkserver.cfg start
  ;;
*)
  echo "ROLE must be master or chunkserver, got '${ROLE:-}'" >&2
  exit 64
  ;;
esac
