#!/usr/bin/env bash
# Telephony load with SIPp (not a timed test; docs/performance.md, section Telephony).
#
#   bench/telephony/sip_load.sh queue RATE CALLS [HOLD_MS]   calls into the queue, answered by SIPp agents
#   bench/telephony/sip_load.sh bare RATE CALLS               the plain sofia-sip answering server
#   bench/telephony/sip_load.sh memory CONCURRENT             RSS with that many calls bridged
#   bench/telephony/sip_load.sh dialout RATE CALLS [HOLD_MS]  click-to-call through the API: each
#                                 agent's phone answers, then the operator's (SIPp) answers and
#                                 the citizen hangs up after HOLD_MS
#   bench/telephony/sip_load.sh switchboard CALLS [HOLD_MS [SPREAD_MS THINK_MS]]  CALLS callers
#                                 answered by agents and held HOLD_MS (default 60000); then on
#                                 every call at once, through the API: hold, resume, consult (a
#                                 colleague's phone or a number through the operator's trunk),
#                                 swap twice, and an attended transfer or a blind one back to the
#                                 line; by default all at the same instant, or each call starting
#                                 within SPREAD_MS and pausing THINK_MS before each operation
#
# Everything runs on 127.0.0.1: a fresh data directory, a region with one line ("perf",
# number 200200) and AGENTS agents (default 600), each with a phone registered by SIPp; one
# SIPp answers for all the phones. Exit status 0 when every call succeeded.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1  # the drivers import load_http.py: nothing left beside it
mode=${1:?mode}
build=${BUILD:-build/release}
agents=${AGENTS:-600}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
luukku=$root/$build/src/luukku
work=$(mktemp -d /tmp/luukku-load-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -n "${KEEP:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT
sip=25060; http=28080; uas=25062; reg=25061; callers=25064; operator=25066

token=""
phone_opts=()  # extra options for the phones' SIPp
metric() {
  curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$http/metrics" |
    awk -v n="$1" '$1==n {print $2}'
}

# Calls still ending (BYEs in flight) must all be cleaned up: waits for zero live calls, SIP
# legs and RTP ports, at most 120 s; $waited counts half seconds.
wait_for_cleanup() {
  waited=0
  while (( waited < 240 )); do
    [[ "$(metric luukku_calls_live)" == 0 && "$(metric luukku_rtp_ports_open)" == 0 &&
       "$(metric luukku_sip_legs)" == 0 ]] && break
    sleep 0.5; waited=$((waited + 1))
  done
}

# The callers' SIPp's cumulative figure on its line LABEL ("Successful call", ...).
sipp_total() {
  grep -E "$1" "$work/callers.log" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}'
}

start_luukku() {
  {
    echo '[region]'
    echo 'name = { fi = "Kuorma", sv = "Last", en = "Load" }'
    echo '[[service_lines]]'
    echo 'id = "perf"'
    echo 'name = { fi = "Kuormalinja", sv = "Lastlinje", en = "Load line" }'
    echo 'phone_numbers = ["200200"]'
    echo 'channels = ["phone", "callback"]'
    echo 'closed_on_public_holidays = false'
    echo '[service_lines.weekly_hours]'
    for d in monday tuesday wednesday thursday friday saturday sunday; do echo "$d = [\"00:00-24:00\"]"; done
    echo '[service_lines.routing]'
    echo 'wrap_up_s = 0'
    echo 'offer_timeout_s = 20'
    echo 'queue_limit = 100000'
    echo 'max_estimated_wait_s = 86400'
    echo 'assumed_handle_time_s = 1'
    for i in $(seq -w 1 "$agents"); do
      echo '[[agents]]'
      echo "id = \"p$i\""
      echo "name = \"Agent $i\""
      echo 'languages = ["fi"]'
      echo '[agents.routing]'
      echo 'memberships = [{ line = "perf", tier = 1 }]'
    done
  } >"$work/region.toml"
  {
    echo '[sip]'
    echo "listen = \"127.0.0.1:$sip\""
    echo '[media]'
    echo 'port_min = 20000'
    echo 'port_max = 59998'
    echo '[queue]'
    echo 'announce_interval_s = 600'
    echo '[dialing]'
    echo 'no_answer_s = 30'
    echo '[[trunks]]'
    echo 'name = "load"'
    echo 'allowed_sources = ["127.0.0.1"]'
    echo "outbound_address = \"127.0.0.1:$operator\""
    echo '[[outbound]]'
    echo 'line = "perf"'
    echo 'outbound = true'
    echo 'external_transfer = true'
    echo 'allowed = ["+35840*"]'
    for i in $(seq -w 1 "$agents"); do
      echo '[[phones]]'
      echo "extension = \"3$i\""
      echo "agent = \"p$i\""
      echo "password = \"load-$i-pw\""
    done
  } >"$work/telephony.toml"
  "$luukku" --data-dir "$work/data" --log-level warn import-config "$work/region.toml" >/dev/null
  # /metrics is for supervisors: a token for this run.
  token=$("$luukku" --data-dir "$work/data" --log-level warn token create --name load --role supervisor)
  "$luukku" --data-dir "$work/data" --http-listen "127.0.0.1:$http" --log-level warn \
    --telephony-config "$work/telephony.toml" serve >"$work/luukku.log" 2>&1 &
  luukku_pid=$!
  pids+=("$luukku_pid")
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http/healthz" >/dev/null && break; sleep 0.1; done
  # One SIPp answers for every phone; then the phones register (agents become available).
  sipp -sf "$root/tests/sip/agent_answer.xml" -i 127.0.0.1 -p "$uas" -mp 40000 -nostdin -d 0 \
    -max_socket 60000 "${phone_opts[@]}" >"$work/uas.log" 2>&1 &
  pids+=($!)
  # SIPp's digest takes one user per process (-au/-ap): one short SIPp per phone, 8 at a time.
  for i in $(seq -w 1 "$agents"); do echo "3$i load-$i-pw"; done |
    xargs -P 8 -n 2 sh -c 'sipp -sf "$0" "$1" -i 127.0.0.1 -p 0 -nostdin -m 1 -timeout 20s \
      -key ext "$3" -au "$3" -ap "$4" -key contact_port "$2" -key expires 3600 >/dev/null 2>&1' \
      "$root/tests/sip/register.xml" "127.0.0.1:$sip" "$uas" 2>/dev/null || true
  echo "registered phones: $(metric luukku_sip_registrations)"
}

case "$mode" in
  queue)
    rate=${2:?rate}; calls=${3:?calls}; hold=${4:-1000}
    start_luukku
    rss_idle=$(awk '/VmRSS/ {print $2}' "/proc/$luukku_pid/status")
    set +e
    sipp -sf "$root/tests/sip/caller.xml" "127.0.0.1:$sip" -i 127.0.0.1 -p "$callers" -mp 45000 \
      -s 200200 -key caller 0401234567 -r "$rate" -m "$calls" -d "$hold" -l $((rate * 10)) \
      -nostdin -timeout 600s -trace_stat -stf "$work/callers.csv" >"$work/callers.log" 2>&1
    rc=$?
    set -e
    wait_for_cleanup
    echo "cleaned up $((waited / 2)) s after the last caller; SIP legs now: $(metric luukku_sip_legs)"
    failed=$(sipp_total "Failed call"); ok=$(sipp_total "Successful call")
    achieved=$(sipp_total "Call Rate")
    echo "queue: offered $rate calls/s (achieved $achieved), $calls calls held $hold ms: successful $ok, failed $failed (sipp exit $rc)"
    echo "answered by agents: $(metric luukku_calls_answered_total); live calls now: $(metric luukku_calls_live); RTP ports open: $(metric luukku_rtp_ports_open)"
    echo "luukku RSS idle ${rss_idle} kB"
    exit $rc
    ;;
  bare)
    rate=${2:?rate}; calls=${3:?calls}
    "$root/$build/bench/telephony/sofia_answer" "127.0.0.1:$sip" >"$work/bare.log" 2>&1 &
    pids+=($!)
    sleep 0.5
    set +e
    sipp -sn uac "127.0.0.1:$sip" -i 127.0.0.1 -p "$callers" -s 200200 -r "$rate" -m "$calls" -d 1000 \
      -l $((rate * 10)) -nostdin -timeout 600s >"$work/callers.log" 2>&1
    rc=$?
    set -e
    failed=$(grep -E "Failed call" "$work/callers.log" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    ok=$(grep -E "Successful call" "$work/callers.log" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    achieved=$(grep -E "Call Rate" "$work/callers.log" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    echo "bare sofia-sip: offered $rate calls/s (achieved $achieved), $calls calls: successful $ok, failed $failed (sipp exit $rc)"
    exit $rc
    ;;
  memory)
    concurrent=${2:?concurrent}
    start_luukku
    rss_idle=$(awk '/VmRSS/ {print $2}' "/proc/$luukku_pid/status")
    hold=$((concurrent * 1000 / 50 + 10000))
    sipp -sf "$root/tests/sip/caller.xml" "127.0.0.1:$sip" -i 127.0.0.1 -p "$callers" -mp 45000 \
      -s 200200 -key caller 0401234567 -r 50 -m "$concurrent" -d "$hold" -nostdin -timeout 600s \
      >"$work/callers.log" 2>&1 &
    caller_pid=$!
    pids+=("$caller_pid")
    peak=0; peak_calls=0
    for _ in $(seq $((hold / 500))); do
      sleep 0.5
      live=$(metric luukku_calls_live); rss=$(awk '/VmRSS/ {print $2}' "/proc/$luukku_pid/status")
      if (( live > peak_calls )); then peak_calls=$live; fi
      if (( rss > peak )); then peak=$rss; fi
      (( live == 0 && peak_calls > 0 )) && break
    done
    wait "$caller_pid" || true
    echo "memory: idle ${rss_idle} kB, peak ${peak} kB with ${peak_calls} calls bridged (RTP ports $(( peak_calls * 2 )))"
    echo "per call: $(( (peak - rss_idle) / (peak_calls > 0 ? peak_calls : 1) )) kB"
    ;;
  dialout)
    rate=${2:?rate}; calls=${3:?calls}; hold=${4:-500}
    start_luukku
    sipp -sf "$here/operator_answers.xml" -i 127.0.0.1 -p "$operator" -mp 50000 -nostdin \
      -d "$hold" -max_socket 60000 >"$work/operator.log" 2>&1 &
    pids+=($!)
    set +e
    python3 "$here/dial_load.py" --port "$http" --token "$token" --agents "$agents" \
      --rate "$rate" --calls "$calls"
    rc=$?
    set -e
    waited=0
    while (( waited < 240 )); do
      [[ "$(metric luukku_rtp_ports_open)" == 0 && "$(metric luukku_sip_legs)" == 0 ]] && break
      sleep 0.5; waited=$((waited + 1))
    done
    echo "cleaned up $((waited / 2)) s after the last request; SIP legs now: $(metric luukku_sip_legs), RTP ports: $(metric luukku_rtp_ports_open)"
    echo "outgoing calls recorded $(metric luukku_outgoing_calls_total), answered $(metric luukku_outgoing_calls_answered_total), failed $(metric luukku_outgoing_calls_failed_total), refused $(metric luukku_outgoing_calls_refused_total)"
    exit $rc
    ;;
  switchboard)
    calls=${2:?calls}; hold=${3:-60000}; spread=${4:-0}; think=${5:-0}
    # The phones' messages, timestamped: when each consultation's INVITE reached its phone.
    phone_opts=(-trace_msg -message_file "$work/phones.msg")
    # The machine's load with the figures: the cores may be shared with other work.
    echo "load average (1, 5, 15 min) before: $(cut -d' ' -f1-3 /proc/loadavg)"
    start_luukku
    # The operator's network answers every number at once and stays until hung up on.
    sipp -sf "$root/tests/sip/agent_answer.xml" -i 127.0.0.1 -p "$operator" -mp 50000 -nostdin \
      -d 0 -max_socket 60000 -trace_msg -message_file "$work/operator.msg" >"$work/operator.log" 2>&1 &
    pids+=($!)
    sipp -sf "$root/tests/sip/caller.xml" "127.0.0.1:$sip" -i 127.0.0.1 -p "$callers" -mp 45000 \
      -s 200200 -key caller 0401234567 -r 20 -m "$calls" -d "$hold" -nostdin -timeout 600s \
      >"$work/callers.log" 2>&1 &
    caller_pid=$!
    pids+=("$caller_pid")
    set +e
    python3 "$here/switchboard_load.py" --port "$http" --token "$token" --agents "$agents" \
      --calls "$calls" --spread "$spread" --think "$think" --trace "$work/phones.msg" --trace "$work/operator.msg"
    rc=$?
    wait "$caller_pid"
    callers_rc=$?
    set -e
    wait_for_cleanup
    live=$(metric luukku_calls_live); legs=$(metric luukku_sip_legs); ports=$(metric luukku_rtp_ports_open)
    failed=$(sipp_total "Failed call"); ok=$(sipp_total "Successful call")
    echo "callers: successful $ok, failed $failed (sipp exit $callers_rc)"
    echo "load average (1, 5, 15 min) after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "cleaned up $((waited / 2)) s after the last caller hung up: live calls $live, SIP legs $legs, RTP ports $ports"
    [[ $rc == 0 && $callers_rc == 0 && $live == 0 && $legs == 0 && $ports == 0 ]] || exit 1
    ;;
  *) echo "unknown mode $mode" >&2; exit 2 ;;
esac
