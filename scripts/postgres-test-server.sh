#!/usr/bin/env bash
# A private, throwaway PostgreSQL server for Hourglass's PostgreSQL tests, used by CI and
# by hand. It listens on 127.0.0.1 only, trusts local connections (but for the role
# hourglass_password, whose password is right-password), and keeps everything
# (data, log, unix socket) in one directory of its own.
#
#   scripts/postgres-test-server.sh start   [DIR]  install PostgreSQL if missing, (re)create and
#                                                  start the server; prints ONE line, the URL:
#                                                  postgres://hourglass@127.0.0.1:PORT/hourglass_test
#                                                  (if it is already running: just prints the URL)
#   scripts/postgres-test-server.sh stop    [DIR]  stop it (quiet if not running; deletes nothing)
#   scripts/postgres-test-server.sh restart [DIR]  restart it (tests use this to simulate a restart)
#
# DIR defaults to ${TMPDIR:-/tmp}/hourglass-postgres. `start` on a DIR whose server is not
# running (stopped, or crashed with a stale postmaster.pid) wipes it and starts fresh; it
# refuses to touch a non-empty DIR that it did not create. Port: $HOURGLASS_PG_PORT if set
# (fails if taken), else the first free port from 54329 up. Everything but the URL goes
# to stderr. As root, the server runs as the `postgres` user (or a `hourglass-pg` system
# user, created if needed), since initdb and postgres refuse to run as root; apt-get runs
# through sudo when not root.
#
# The tests read HOURGLASS_TEST_POSTGRES_URL (where to connect) and HOURGLASS_TEST_POSTGRES_DIR
# (the DIR, so a test may run `scripts/postgres-test-server.sh restart "$HOURGLASS_TEST_POSTGRES_DIR"`):
#
#   export HOURGLASS_TEST_POSTGRES_DIR="${TMPDIR:-/tmp}/hourglass-postgres"
#   HOURGLASS_TEST_POSTGRES_URL="$(scripts/postgres-test-server.sh start "$HOURGLASS_TEST_POSTGRES_DIR")"
#   export HOURGLASS_TEST_POSTGRES_URL
#   swift test; scripts/postgres-test-server.sh stop "$HOURGLASS_TEST_POSTGRES_DIR"
set -euo pipefail

readonly DB_NAME="hourglass_test"
# A role that must log in with a password (scram-sha-256), for the wrong-password test.
readonly PASSWORD_USER="hourglass_password"
readonly PASSWORD_USER_PASSWORD="right-password"
readonly DB_USER="hourglass"
readonly SUPERUSER="postgres" # bootstrap superuser inside the cluster (initdb -U)
readonly DEFAULT_PORT=54329
readonly MARKER=".hourglass-postgres-test-server"

# Only the URL goes to the real stdout (fd 3); everything else goes to stderr. Commands
# that may leave a daemon behind get `3>&-`, so that `URL=$(... start)` does not hang.
# Close every descriptor above 2 that the caller let us inherit, so that the server we
# start does not hold them open: a caller that waits for a pipe or socket to close (as
# Foundation's Process does to notice that this script exited) would wait forever.
for fd_path in /proc/$$/fd/*; do
  fd="${fd_path##*/}"
  if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
done
exec 3>&1 1>&2

# Settings from the developer's environment must not redirect our own client calls.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS PGDATA PGPASSFILE || true

log() { printf 'postgres-test-server: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2
  exit 2
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# --- PostgreSQL binaries ------------------------------------------------------------------

has_server_bins() { [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ] && [ -x "$1/postgres" ] && [ -x "$1/psql" ] && [ -x "$1/pg_isready" ]; }

find_bindir() {
  local dir
  if [ -n "${HOURGLASS_PG_BINDIR:-}" ]; then
    has_server_bins "$HOURGLASS_PG_BINDIR" || die "HOURGLASS_PG_BINDIR=$HOURGLASS_PG_BINDIR lacks initdb/pg_ctl/postgres/psql/pg_isready"
    printf '%s\n' "$HOURGLASS_PG_BINDIR"
    return 0
  fi
  # Debian/Ubuntu: /usr/lib/postgresql/<major>/bin; take the newest major.
  while IFS= read -r dir; do
    if has_server_bins "$dir"; then printf '%s\n' "$dir"; return 0; fi
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
  # Elsewhere (e.g. Homebrew): the directory of pg_ctl on PATH.
  if command -v pg_ctl >/dev/null 2>&1; then
    dir="$(dirname "$(command -v pg_ctl)")"
    if has_server_bins "$dir"; then printf '%s\n' "$dir"; return 0; fi
  fi
  return 1
}

install_postgres() {
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL server binaries not found and apt-get is not available; install PostgreSQL or set HOURGLASS_PG_BINDIR"
  local sudo=()
  if ! is_root; then
    command -v sudo >/dev/null 2>&1 || die "PostgreSQL is not installed and sudo is not available to install it"
    sudo=(sudo)
  fi
  log "PostgreSQL server binaries not found; installing the Debian package 'postgresql'"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q 3>&-
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql 3>&-
}

ensure_bindir() {
  if [ -n "${HOURGLASS_PG_BINDIR:-}" ]; then BIN="$(find_bindir)"; return 0; fi
  if ! BIN="$(find_bindir)"; then
    install_postgres
    BIN="$(find_bindir)" || die "PostgreSQL was installed but its server binaries were not found under /usr/lib/postgresql/*/bin"
  fi
}

# --- Running as the server's user ----------------------------------------------------------

# The user that owns (or will own) the data directory. As a normal user: that user.
choose_pg_user() {
  if ! is_root; then PG_USER="$(id -un)"; return 0; fi
  if [ -d "$DATA" ]; then
    PG_USER="$(stat -c %U "$DATA" 2>/dev/null || stat -f %Su "$DATA")"
    [ "$PG_USER" != root ] && return 0
  fi
  if id -u postgres >/dev/null 2>&1; then
    PG_USER=postgres
  else
    PG_USER=hourglass-pg
    if ! id -u "$PG_USER" >/dev/null 2>&1; then
      log "creating system user $PG_USER to run the server (postgres refuses to run as root)"
      command -v useradd >/dev/null 2>&1 || die "useradd not found; cannot create the system user $PG_USER"
      useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$PG_USER"
    fi
  fi
}

# as_pg CMD ARGS...: run a command as PG_USER (directly when not root), from /.
as_pg() {
  if ! is_root; then
    (cd / && "$@") 3>&-
  elif command -v runuser >/dev/null 2>&1; then
    (cd / && runuser -u "$PG_USER" -- "$@") 3>&-
  else
    # shellcheck disable=SC2016 # $0 and $@ are for the inner shell
    (cd / && su -s /bin/sh -c 'exec "$0" "$@"' -- "$PG_USER" "$@") 3>&-
  fi
}

# --- Server state --------------------------------------------------------------------------

set_paths() {
  DIR="${1:-${TMPDIR:-/tmp}/hourglass-postgres}"
  DIR="${DIR%/}"
  [ -n "$DIR" ] || die "DIR must not be /"
  case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac
  case "$DIR" in *"'"* | *'"'* | *,* | *$'\n'*) die "DIR must not contain quotes, commas or newlines: $DIR" ;; esac
  DATA="$DIR/data"
  LOGFILE="$DIR/postgres.log"
}

# Whether the server of DATA runs. pg_ctl status alone is fooled by a postmaster that
# was killed but not reaped (a zombie; containers whose PID 1 reaps nothing).
is_running() {
  local pid state
  [ -f "$DATA/postmaster.pid" ] || return 1
  as_pg "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1 || return 1
  pid="$(head -n 1 "$DATA/postmaster.pid")"
  if [ -r "/proc/$pid/stat" ]; then
    state="$(sed 's/.*) //' "/proc/$pid/stat" | cut -c 1)"
    [ "$state" != Z ] || return 1
  fi
  return 0
}

# Wait until the running server accepts connections (it may still be starting up).
wait_ready() {
  local i
  for ((i = 0; i < 60; i++)); do
    "$BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -U "$SUPERUSER" -d postgres && return 0
    sleep 0.5
  done
  die "the server in $DIR (PID $(head -n 1 "$DATA/postmaster.pid")) does not accept connections on port $1; run: $0 stop \"$DIR\", or remove $DIR"
}

# The port of the running server (line 4 of postmaster.pid).
running_port() { sed -n 4p "$DATA/postmaster.pid"; }

url_for_port() { printf 'postgres://%s@127.0.0.1:%s/%s\n' "$DB_USER" "$1" "$DB_NAME"; }

port_in_use() {
  # A successful TCP connect means something is listening there.
  # shellcheck disable=SC2016 # $1 is for the inner shell
  timeout 2 bash -c 'exec 9<>"/dev/tcp/127.0.0.1/$1"' _ "$1" >/dev/null 2>&1
}

choose_port() {
  local port
  if [ -n "${HOURGLASS_PG_PORT:-}" ]; then
    port="$HOURGLASS_PG_PORT"
    case "$port" in '' | *[!0-9]*) die "HOURGLASS_PG_PORT must be a number: $port" ;; esac
    if [ "$port" -lt 1024 ] || [ "$port" -gt 65535 ]; then die "HOURGLASS_PG_PORT out of range: $port"; fi
    port_in_use "$port" && die "port $port (HOURGLASS_PG_PORT) is already in use on 127.0.0.1"
    PORT="$port"
    return 0
  fi
  for ((port = DEFAULT_PORT; port < DEFAULT_PORT + 20; port++)); do
    if ! port_in_use "$port"; then PORT="$port"; return 0; fi
    log "port $port is in use; trying the next one"
  done
  die "no free port in $DEFAULT_PORT-$((DEFAULT_PORT + 19)); set HOURGLASS_PG_PORT"
}

# Create the role and database the URL names, if missing (idempotent).
ensure_database() {
  local port="$1"
  "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$SUPERUSER" -d postgres >/dev/null <<SQL
SELECT 'CREATE ROLE $DB_USER LOGIN CREATEDB'
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER')\gexec
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')\gexec
SELECT 'CREATE ROLE $PASSWORD_USER LOGIN PASSWORD ''$PASSWORD_USER_PASSWORD'''
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PASSWORD_USER')\gexec
SQL
}

show_log_tail() {
  if [ -f "$LOGFILE" ]; then
    log "last lines of $LOGFILE:"
    tail -n 20 "$LOGFILE" >&2 || true
  fi
}

# --- Commands ------------------------------------------------------------------------------

cmd_start() {
  ensure_bindir
  mkdir -p "$DIR"
  DIR="$(cd "$DIR" && pwd -P)"
  set_paths "$DIR"
  choose_pg_user

  if is_running; then
    local port
    port="$(running_port)"
    if [ -n "${HOURGLASS_PG_PORT:-}" ] && [ "$HOURGLASS_PG_PORT" != "$port" ]; then
      log "warning: the server in $DIR is already running on port $port, not $HOURGLASS_PG_PORT"
    fi
    log "already running in $DIR (port $port)"
    wait_ready "$port"
    ensure_database "$port"
    url_for_port "$port" >&3
    return 0
  fi

  # Not running: start from scratch, but never wipe a directory this script did not make.
  if [ -n "$(ls -A "$DIR")" ] && [ ! -f "$DIR/$MARKER" ]; then
    die "$DIR is not empty and was not created by this script; choose another DIR"
  fi
  if ! is_root && { [ ! -w "$DIR" ] || { [ -e "$DATA" ] && [ ! -O "$DATA" ]; }; }; then
    die "$DIR belongs to another user (was it started as root?); use that user or another DIR"
  fi
  # Unix socket paths are limited to ~107 bytes (103 on macOS).
  if [ "${#DIR}" -gt 80 ]; then die "DIR is too long for a unix socket path (keep it under 80 characters): $DIR"; fi
  if [ -e "$DATA" ]; then log "removing the stopped or stale server in $DIR"; fi
  find "$DIR" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
  : >"$DIR/$MARKER"
  choose_pg_user # the old data directory may have belonged to another user

  choose_port
  if is_root; then chown "$PG_USER" "$DIR"; fi
  chmod 0755 "$DIR"
  if ! as_pg test -w "$DIR"; then
    die "user $PG_USER cannot write $DIR (is a parent directory private?); use a DIR under /tmp"
  fi

  log "initialising a cluster in $DATA as user $PG_USER (PostgreSQL binaries: $BIN)"
  as_pg "$BIN/initdb" -D "$DATA" -U "$SUPERUSER" --auth=trust -E UTF8 --locale=C >"$DIR/initdb.log" 2>&1 ||
    { cat "$DIR/initdb.log" >&2; die "initdb failed"; }

  # fsync and synchronous_commit stay on: the project measures durable commits.
  as_pg tee -a "$DATA/postgresql.conf" >/dev/null <<CONF

# --- hourglass test server (scripts/postgres-test-server.sh) ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '"$DIR"'
max_connections = 200
shared_buffers = 128MB
fsync = on
synchronous_commit = on
full_page_writes = on
CONF
  # Trust only the unix socket and loopback.
  as_pg tee "$DATA/pg_hba.conf" >/dev/null <<'HBA'
# TYPE  DATABASE  USER  ADDRESS        METHOD
host    all       hourglass_password 127.0.0.1/32 scram-sha-256
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
local   replication all                trust
host    replication all 127.0.0.1/32   trust
HBA

  log "starting the server on 127.0.0.1:$PORT (log: $LOGFILE)"
  if ! as_pg "$BIN/pg_ctl" start -D "$DATA" -l "$LOGFILE" -w -t 60 >&2; then
    show_log_tail
    die "the server did not start"
  fi
  ensure_database "$PORT"
  url_for_port "$PORT" >&3
}

cmd_stop() {
  [ -f "$DATA/postmaster.pid" ] || return 0
  BIN="$(find_bindir)" || die "PostgreSQL binaries not found"
  choose_pg_user
  is_running || return 0
  log "stopping the server in $DIR"
  as_pg "$BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 >&2
}

cmd_restart() {
  [ -f "$DATA/PG_VERSION" ] || die "no server in $DIR; run: $0 start \"$DIR\""
  BIN="$(find_bindir)" || die "PostgreSQL binaries not found"
  choose_pg_user
  if is_running; then
    log "restarting the server in $DIR"
    as_pg "$BIN/pg_ctl" restart -D "$DATA" -l "$LOGFILE" -m fast -w -t 60 >&2 || { show_log_tail; die "restart failed"; }
  else
    log "the server in $DIR was not running; starting it"
    # The lock files are stale (their postmaster died); postgres could mistake a zombie for it.
    as_pg rm -f "$DATA/postmaster.pid" "$DIR"/.s.PGSQL.*.lock
    as_pg "$BIN/pg_ctl" start -D "$DATA" -l "$LOGFILE" -w -t 60 >&2 || { show_log_tail; die "start failed"; }
  fi
}

main() {
  if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then usage; fi
  local cmd="$1"
  shift
  case "$cmd" in
    start) set_paths "${1:-}"; cmd_start ;;
    stop) set_paths "${1:-}"; cmd_stop ;;
    restart) set_paths "${1:-}"; cmd_restart ;;
    -h | --help | help) usage ;;
    *) log "unknown command: $cmd"; usage ;;
  esac
}

main "$@"
