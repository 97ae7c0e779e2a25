#!/usr/bin/env bash
# Janus, the WebRTC-SIP gateway of the browser phone, on loopback beside Luukku.
#   scripts/janus.sh start DIR [WS_PORT] [SIP_RTP_RANGE] [ICE_RANGE]
#       writes a minimal configuration into DIR and starts Janus in the background (pid in
#       DIR/janus.pid, log in DIR/janus.log); defaults 8188, 40000-40999, 41000-41999
#   scripts/janus.sh stop DIR
#       stops the Janus started there
# Only the SIP plugin and the WebSocket transport are loaded, both on 127.0.0.1. The SIP
# plugin's own address and the address in its SDP are 127.0.0.1 as well, so SIP and RTP to
# Luukku stay on loopback. Towards the browser (ICE, DTLS-SRTP) Janus gathers 127.0.0.1 alone
# (ice_enforce_list): Janus 1.1.2 never gathers a loopback interface by itself, so
# janus-loopback.c, built into DIR and preloaded, hides the loopback flag of 127.0.0.1 from it.
# Its RTP ports on both sides stay off Luukku's own range ([media] port_min-port_max,
# 20000-29998).
# Without the janus binary, `start` says so and succeeds: Luukku works without a browser phone.
set -euo pipefail

usage() {
  echo "usage: $0 start DIR [WS_PORT] [SIP_RTP_RANGE] [ICE_RANGE] | stop DIR" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
command=$1
dir=$2
pidfile="$dir/janus.pid"

running() {
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

case "$command" in
  start)
    ws_port=${3:-8188}
    rtp_range=${4:-40000-40999}
    ice_range=${5:-41000-41999}
    if ! command -v janus >/dev/null; then
      echo "janus is not installed (scripts/install-deps.sh run): no browser phone" >&2
      exit 0
    fi
    mkdir -p "$dir"
    if running; then
      echo "janus is already running (pid $(cat "$pidfile"))"
      exit 0
    fi
    # Where the package put its plugins and transports (/usr/lib/<multiarch>/janus on Debian).
    lib=
    for candidate in /usr/lib/*/janus /usr/lib/janus /usr/local/lib/janus; do
      if [[ -d "$candidate/plugins" ]]; then
        lib=$candidate
        break
      fi
    done
    if [[ -z "$lib" ]]; then
      echo "janus's plugins are not where the package puts them: no browser phone" >&2
      exit 1
    fi
    shim="$dir/janus-loopback.so"
    source_file="$(dirname "$0")/janus-loopback.c"
    if [[ ! -f "$shim" || "$source_file" -nt "$shim" ]]; then
      if ! cc -shared -fPIC -O2 -o "$shim" "$source_file" -ldl; then
        echo "cannot build $shim (a C compiler is needed): no browser phone" >&2
        exit 1
      fi
    fi
    cat >"$dir/janus.jcfg" <<EOF
general: {
	configs_folder = "$dir"
	plugins_folder = "$lib/plugins"
	transports_folder = "$lib/transports"
	events_folder = "$lib/events"
	loggers_folder = "$lib/loggers"
	debug_level = 4
	interface = "127.0.0.1"
	admin_secret = "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
}
media: {
	rtp_port_range = "$ice_range"
}
nat: {
	ice_enforce_list = "127.0.0.1"
	ignore_mdns = true
}
plugins: {
	disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_videoroom.so,libjanus_voicemail.so"
}
transports: {
	disable = "libjanus_http.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so"
}
events: {
	broadcast = false
}
loggers: {
	disable = "libjanus_jsonlog.so"
}
EOF
    cat >"$dir/janus.plugin.sip.jcfg" <<EOF
general: {
	local_ip = "127.0.0.1"
	local_media_ip = "127.0.0.1"
	sdp_ip = "127.0.0.1"
	keepalive_interval = 0
	behind_nat = false
	register_ttl = 3600
	rtp_port_range = "$rtp_range"
	events = false
}
EOF
    cat >"$dir/janus.transport.websockets.jcfg" <<EOF
general: {
	json = "plain"
	ws = true
	ws_port = $ws_port
	ws_ip = "127.0.0.1"
	wss = false
}
admin: {
	admin_ws = false
	admin_wss = false
}
EOF
    LD_PRELOAD="$shim" janus -F "$dir" -o -p "$pidfile" -L "$dir/janus.log" -N >/dev/null 2>&1 &
    pid=$!
    # janus writes the pid file itself once it runs; wait for the WebSocket port (about 2 s on
    # an idle machine, much longer on a busy one).
    for _ in $(seq 1 600); do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "janus exited during start-up; see $dir/janus.log" >&2
        exit 1
      fi
      if (exec 3<>"/dev/tcp/127.0.0.1/$ws_port") 2>/dev/null; then
        echo "janus listening on ws://127.0.0.1:$ws_port (log: $dir/janus.log)"
        exit 0
      fi
      sleep 0.1
    done
    kill "$pid"
    echo "janus did not start in 60 s; see $dir/janus.log" >&2
    exit 1
    ;;
  stop)
    if running; then
      kill "$(cat "$pidfile")"
      rm -f "$pidfile"
    fi
    ;;
  *) usage ;;
esac
