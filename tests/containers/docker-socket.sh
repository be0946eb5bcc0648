#!/bin/sh
# tests/containers/docker-socket.sh start|stop DIR
#
# start: runs `podman system service --time=0 unix://DIR/podman.sock` in the background
#        (pid in DIR/podman-service.pid, log in DIR/podman-service.log) and waits (up to 10 s)
#        until the socket answers the Docker API (GET /_ping -> OK). Then use
#            DOCKER_HOST=unix://DIR/podman.sock docker ...
#        Idempotent: a service already answering on DIR/podman.sock is kept.
# stop:  kills that service (by its pid file) and removes the socket. Idempotent.
#
# Exit status: 0 done; 77 with "SKIP: reason" on stdout when podman, or a way to probe the
# socket (curl or the docker CLI), is missing, or the service does not come up; 1 usage error.
# Uses CONTAINERS_CONF when set, otherwise this directory's containers.conf. The socket path
# must stay under ~107 bytes (sun_path). Sources nothing, exports nothing.

set -u

[ $# -eq 2 ] || { echo "usage: docker-socket.sh start|stop DIR" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd) || exit 1
conf=${CONTAINERS_CONF:-$here/containers.conf}
mkdir -p "$2" || exit 1
dir=$(cd "$2" && pwd) || exit 1
sock=$dir/podman.sock
pidf=$dir/podman-service.pid

skip() { echo "SKIP: $*"; exit 77; }

answers() {
    if command -v curl >/dev/null 2>&1; then
        [ "$(curl -s --max-time 2 --unix-socket "$sock" http://d/_ping 2>/dev/null)" = OK ]
    else
        DOCKER_HOST=unix://$sock docker version >/dev/null 2>&1
    fi
}

stop() {
    if [ -f "$pidf" ]; then
        pid=$(cat "$pidf")
        if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
            n=0
            while kill -0 "$pid" 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
            kill -9 "$pid" 2>/dev/null
        fi
        rm -f "$pidf"
    fi
    rm -f "$sock"
}

case $1 in
start)
    command -v podman >/dev/null 2>&1 || skip "podman not installed"
    command -v curl >/dev/null 2>&1 || command -v docker >/dev/null 2>&1 ||
        skip "neither curl nor docker to probe the socket"
    answers && exit 0
    stop
    CONTAINERS_CONF=$conf podman system service --time=0 "unix://$sock" \
        > "$dir/podman-service.log" 2>&1 < /dev/null &
    echo $! > "$pidf"
    n=0
    while [ $n -lt 100 ]; do
        answers && exit 0
        kill -0 "$(cat "$pidf")" 2>/dev/null || break
        sleep 0.1
        n=$((n + 1))
    done
    err=$(tail -n 1 "$dir/podman-service.log" 2>/dev/null)
    stop
    skip "podman system service did not answer on $sock${err:+: $err}"
    ;;
stop)
    stop
    ;;
*)
    echo "usage: docker-socket.sh start|stop DIR" >&2; exit 1
    ;;
esac
