# A throwaway single-node Slurm cluster for tests (sourced, bash).
#
#   start_local_cluster DIR   munged, slurmctld and slurmd with their keys,
#                             sockets, state, logs and pid files in DIR, on
#                             non-default ports; exports SLURM_CONF; waits
#                             until the node is idle. Returns non-zero with
#                             a reason on stderr when it cannot start.
#   stop_local_cluster DIR    stops every daemon it started (by pid)
#
# Needs root and Debian's slurm-wlm and munge. The configuration keeps
# Slurm to this machine: the controller and the node on 127.0.0.1, no
# accounting, processes tracked through /proc, no cgroups.

local_cluster_pids() {
  local dir="$1" f
  for f in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    [ -s "$f" ] && cat "$f"
  done
  return 0
}

stop_local_cluster() {
  local dir="$1" pid
  for pid in $(local_cluster_pids "$dir"); do
    kill "$pid" 2>/dev/null || true
  done
  for _ in $(seq 50); do
    local alive=0
    for pid in $(local_cluster_pids "$dir"); do
      kill -0 "$pid" 2>/dev/null && alive=1
    done
    [ "$alive" = 0 ] && return 0
    sleep 0.1
  done
  for pid in $(local_cluster_pids "$dir"); do kill -9 "$pid" 2>/dev/null || true; done
}

start_local_cluster() {
  local dir="$1"
  if [ "$(id -u)" -ne 0 ]; then
    echo "not root: slurmd runs jobs as their users only as root" >&2
    return 1
  fi
  local tool
  for tool in munged mungekey slurmctld slurmd sbatch squeue sinfo; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool missing (Debian packages slurm-wlm and munge)" >&2
      return 1
    fi
  done
  mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
  # munged refuses a socket folder that others cannot enter (mode 700).
  chmod 755 "$dir" "$dir/munge"
  mungekey --create --keyfile="$dir/munge/munge.key" || return 1
  munged --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" \
    --seed-file="$dir/munge/munged.seed" --force || {
      echo "munged did not start: $(tail -3 "$dir/munge/munged.log" 2>/dev/null)" >&2
      return 1
    }
  local host node ports
  host="$(hostname -s)"
  # This machine as slurmd sees it (CPUs, sockets, memory).
  node="$(slurmd -C | head -1 | sed "s/^NodeName=[^ ]*/NodeName=$host NodeAddr=127.0.0.1/; s/ UpTime=.*//")"
  ports=$((20000 + RANDOM % 20000))
  cat > "$dir/slurm.conf" <<CONF
ClusterName=kijitest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ports
SlurmdPort=$((ports + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
$node
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -i || { echo "slurmctld did not start: $(tail -3 "$dir/slurmctld.log")" >&2; return 1; }
  slurmd || { echo "slurmd did not start: $(tail -3 "$dir/slurmd.log")" >&2; return 1; }
  local state=""
  for _ in $(seq 120); do
    state="$(sinfo -h -o %T 2>/dev/null | head -1)"
    case "$state" in idle|mixed|allocated) return 0 ;; esac
    sleep 0.5
  done
  echo "the node never became idle (state '$state'): $(tail -3 "$dir/slurmctld.log")" >&2
  return 1
}
