#!/usr/bin/env python3
"""Switchboard operations under load (not a timed test; docs/performance.md, section Telephony).

Run by bench/telephony/sip_load.sh switchboard, which starts the server, the phones, the
operator's side and CALLS callers who are answered by agents and stay on the line. This
driver then:

1. finds the answered calls and who answered them in the event log (`call.answered`);
2. on the first call alone (nothing else happening), holds and resumes IDLE times in turn:
   the reference latency on an idle server;
3. on every call at once (or, with --spread, starting evenly over that many ms, and with
   --think pausing that long before each operation, as a professional would): hold, resume, consult (a colleague's extension, or a number through
   the operator's trunk), waits for `call.consult_answered`, swaps twice, and then completes
   the transfer (attended) or cancels the consultation and hands the caller back to the line's
   queue (blind transfer to a line), a third of the calls each;

and prints each operation's API latency (the request written until its answer read; Luukku
answers once the action is done on the call thread and any SIP request is handed to the SIP
thread). With --trace (SIPp's -trace_msg of the phones and of the operator) it also prints the
time from a request being written to the SIP request it caused reaching its peer: the consulted
party's INVITE, and the BYE to the professional's phone (transfers) or the colleague's
(cancelled consultation). Hold and resume send no SIP: music on hold comes from Luukku's media.
It also reads the server's own luukku_call_action_seconds before and after the idle reference
and the load, and prints p50 and p99 per action from its buckets: inside Luukku, from the whole
request read to the SIP request handed to the SIP stack (or the answer, for an action that sends
none) — the issue's "API call to SIP sent". Exit status 0 only when every operation was answered 200.
"""
import asyncio
import json
import os
import re
import time
from datetime import datetime

from load_http import arguments, request


class Api:
    def __init__(self, host, port, token):
        self.host, self.port, self.token = host, port, token

    async def request(self, method, path, body=None):
        status, rest = await request(self.host, self.port, self.token, method, path, body)
        return status, rest.split(b"\r\n\r\n", 1)[-1]


class Feed:
    """Follows the event log by paging GET /api/v1/events (the driver's only view of calls)."""

    def __init__(self, api):
        self.api = api
        self.after = 0
        self.answered = {}  # call id -> agent, in the order they were answered
        self.consult_answered = {}  # call id -> asyncio.Event
        self.consult_ended = {}  # call id -> result, for a consultation that did not connect
        self.ended = set()

    def waiter(self, call):
        return self.consult_answered.setdefault(call, asyncio.Event())

    async def poll(self):
        while True:
            status, body = await self.api.request("GET", f"/api/v1/events?after={self.after}&limit=1000")
            if status != 200:
                raise RuntimeError(f"event log: {status} {body[:200]!r}")
            page = json.loads(body)
            events = page if isinstance(page, list) else page.get("events", page.get("items", []))
            for e in events:
                self.after = max(self.after, e["seq"])
                stream = e.get("stream", "")
                if not stream.startswith("call/"):
                    continue
                call = stream[len("call/"):]
                data = e.get("data") or {}
                kind = e.get("type")
                if kind == "call.answered" and call not in self.answered:
                    self.answered[call] = data.get("agent") or data.get("agent_id")
                elif kind == "call.consult_answered":
                    self.waiter(call).set()
                elif kind == "call.consult_ended":
                    self.consult_ended[call] = data.get("result")
                    self.waiter(call).set()
                elif kind == "call.ended":
                    self.ended.add(call)
                    self.waiter(call).set()
            if len(events) < 1000:
                return


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] * 1000 if values else 0.0


async def run(args):
    api = Api(args.host, args.port, args.token)
    feed = Feed(api)
    deadline = time.monotonic() + args.answer_timeout
    while len(feed.answered) < args.calls and time.monotonic() < deadline:
        await feed.poll()
        await asyncio.sleep(0.2)
    calls = list(feed.answered.items())[: args.calls]
    print(f"switchboard: {len(calls)} of {args.calls} callers answered by agents")
    if len(calls) < args.calls:
        return 1

    latencies = {}  # operation -> [seconds]
    failures = []  # (call, operation, status, body)
    # Wall-clock times requests were written, to match with the SIP the phones received:
    # consulted party (extension or number digits) -> consult; extension -> requests after
    # which Luukku hangs up on that phone (the professional's, or a cancelled colleague's).
    invites_due = {}
    byes_due = {}

    async def op(call, agent, name, body=None):
        if args.think:
            await asyncio.sleep(args.think / 1000)  # the professional talking before the next key
        payload = dict(body or {})
        payload["agent"] = agent
        to = payload.get("to", {})
        if name == "consult":
            party = to.get("extension") or to.get("number", "").lstrip("+")
            invites_due[party] = time.time()
        elif name in ("complete-transfer", "transfer"):
            byes_due.setdefault(extension_of(agent), []).append((time.time(), name))
        elif name == "cancel-consult":
            byes_due.setdefault(consulted[call], []).append((time.time(), name))
        start = time.monotonic()
        try:
            status, text = await api.request("POST", f"/api/v1/calls/{call}/{name}", payload)
        except OSError as e:
            status, text = 0, str(e).encode()
        took = time.monotonic() - start
        if status == 200:
            latencies.setdefault(name, []).append(took)
            return True
        failures.append((call, name, status, text[:200]))
        return False

    # The reference: hold and resume on one call while nothing else happens.
    before_idle = await scrape(api)
    first_call, first_agent = calls[0]
    idle = []
    for _ in range(args.idle):
        for name in ("hold", "resume"):
            start = time.monotonic()
            status, text = await api.request(
                "POST", f"/api/v1/calls/{first_call}/{name}", {"agent": first_agent}
            )
            if status != 200:
                failures.append((first_call, f"idle {name}", status, text[:200]))
            idle.append(time.monotonic() - start)

    # The floor the client and the HTTP layer set for a burst: as many GET /healthz at once as
    # there are calls (nothing behind it), timed the same way.
    async def timed_health():
        start = time.monotonic()
        status, _ = await api.request("GET", "/healthz")
        return time.monotonic() - start if status == 200 else None

    floor = [t for t in await asyncio.gather(*(timed_health() for _ in calls)) if t is not None]
    after_idle = await scrape(api)

    # Colleagues to consult: agents who did not answer any of the calls.
    busy = {agent for _, agent in calls}
    colleagues = [f"p{i:0{args.width}d}" for i in range(1, args.agents + 1)]
    colleagues = [a for a in colleagues if a not in busy]
    if len(colleagues) < len(calls):
        print(f"switchboard: {len(colleagues)} free colleagues for {len(calls)} consultations")
        return 1

    consulted = {}  # call -> the consulted colleague's extension
    polling = True

    async def follow():
        while polling:
            await feed.poll()
            await asyncio.sleep(0.05)

    follower = asyncio.create_task(follow())
    outcomes = {"attended to an extension": 0, "attended to a number": 0, "back to the line": 0}

    async def work(i, call, agent):
        await asyncio.sleep(i * args.spread / len(calls) / 1000)
        if not await op(call, agent, "hold") or not await op(call, agent, "resume"):
            return
        kind = i % 3
        if kind == 1:
            target = {"number": f"+35840{9000000 + i:07d}"}
        else:
            target = {"extension": extension_of(colleagues[i])}
            consulted[call] = target["extension"]
        if not await op(call, agent, "consult", {"to": target}):
            return
        try:
            await asyncio.wait_for(feed.waiter(call).wait(), args.consult_timeout)
        except asyncio.TimeoutError:
            failures.append((call, "consult answered", 0, b"no call.consult_answered in time"))
            return
        if call in feed.consult_ended or call in feed.ended:
            failures.append((call, "consult answered", 0, str(feed.consult_ended.get(call)).encode()))
            return
        if not await op(call, agent, "swap") or not await op(call, agent, "swap"):
            return
        if kind == 2:
            if await op(call, agent, "cancel-consult") and await op(
                call, agent, "transfer", {"to": {"line": args.line}}
            ):
                outcomes["back to the line"] += 1
        elif await op(call, agent, "complete-transfer"):
            outcomes["attended to a number" if kind == 1 else "attended to an extension"] += 1

    before = await scrape(api)
    start = time.monotonic()
    await asyncio.gather(*(work(i, call, agent) for i, (call, agent) in enumerate(calls)))
    elapsed = time.monotonic() - start
    polling = False
    await follower
    after = await scrape(api)

    total = sum(len(v) for v in latencies.values())
    print(
        f"switchboard: {len(calls)} calls worked at once (spread over {args.spread:g} ms, "
        f"{args.think:g} ms before each operation) in {elapsed:.2f} s, {total} operations "
        f"answered 200, {len(failures)} failed; "
        + ", ".join(f"{k} {v}" for k, v in outcomes.items())
    )
    print(
        f"  idle reference (one call, {len(idle)} hold/resume in turn): "
        f"p50 {pct(idle, 0.5):.2f} ms, p99 {pct(idle, 0.99):.2f} ms, max {pct(idle, 1):.2f} ms"
    )
    print(
        f"  floor ({len(calls)} GET /healthz at once, nothing behind them): "
        f"p50 {pct(floor, 0.5):.2f} ms, p99 {pct(floor, 0.99):.2f} ms, max {pct(floor, 1):.2f} ms"
    )
    everything = []
    for name in ("hold", "resume", "consult", "swap", "complete-transfer", "cancel-consult", "transfer"):
        v = latencies.get(name, [])
        everything += v
        if v:
            print(
                f"  {name:<17} n={len(v):<4} p50 {pct(v, 0.5):7.2f} ms  p99 {pct(v, 0.99):7.2f} ms"
                f"  max {pct(v, 1):7.2f} ms"
            )
    print(
        f"  {'all':<17} n={len(everything):<4} p50 {pct(everything, 0.5):7.2f} ms  "
        f"p99 {pct(everything, 0.99):7.2f} ms  max {pct(everything, 1):7.2f} ms"
    )
    print_server_side(before, after)
    print_action_times("idle reference", before_idle, after_idle)
    print_action_times("the load", before, after)
    for trace in args.trace:
        print_sip_delays(trace, invites_due, byes_due)
    seen = set()
    for call, name, status, text in failures:
        if (name, status) in seen:
            continue
        seen.add((name, status))
        print(f"  failed {name} {status} (call {call}): {text!r}")
    return 0 if not failures else 1


async def scrape(api):
    """The server's /metrics as {(name, labels): value}."""
    status, body = await api.request("GET", "/metrics")
    figures = {}
    for line in body.decode().splitlines():
        m = re.match(r"^(\w+)(\{.*\})?\s+(\S+)$", line)
        if m:
            figures[(m.group(1), m.group(2) or "")] = float(m.group(3))
    return figures


def print_server_side(before, after):
    """What the server measured itself while every call was worked: per switchboard route, the
    time from the whole request read to the response written (its histogram's buckets), and
    the event store's commits the operations waited for."""

    def delta(name, labels):
        return after.get((name, labels), 0) - before.get((name, labels), 0)

    for (name, labels) in sorted(after):
        if name != "luukku_http_request_seconds_count" or "/calls/" not in labels:
            continue
        n = delta(name, labels)
        if not n:
            continue
        mean = delta("luukku_http_request_seconds_sum", labels) / n * 1000
        within = []
        for le in ("0.005", "0.01", "0.025"):
            bucket = labels[:-1] + f',le="{le}"}}'
            within.append(f"{delta('luukku_http_request_seconds_bucket', bucket) / n:.0%} <= {float(le) * 1000:g} ms")
        route = re.search(r'route="([^"]*)"', labels).group(1)
        print(f"  server side {route:<45} n={n:<4.0f} mean {mean:6.2f} ms, " + ", ".join(within))
    commits = delta("luukku_store_commits_total", "")
    if commits:
        mean = delta("luukku_store_commit_seconds_sum", "") / commits * 1000
        print(f"  event store: {commits:.0f} commits meanwhile, {mean:.2f} ms each on average")


ACTIONS = ("hold", "resume", "consult", "swap", "complete_transfer", "cancel_consult",
           "conference", "transfer", "transfer_to_line", "hang_up")
TARGET = 0.02  # the target: 20 ms, API call to SIP sent, p99 (a bound of the buckets)


def bucket_quantile(buckets, n, q):
    """Prometheus's histogram_quantile: the q-quantile of n observations from cumulative
    buckets [(bound, count)], linear within the bucket it falls in; inf when above the last."""
    rank = q * n
    lower, below = 0.0, 0.0
    for bound, count in buckets:
        if count >= rank:
            if bound == float("inf"):
                return bound
            return lower + (bound - lower) * ((rank - below) / (count - below) if count > below else 1)
        lower, below = bound, count
    return float("inf")


def print_action_times(title, before, after):
    """Luukku's own time per action between two scrapes (luukku_call_action_seconds): from the
    whole request read to the SIP request it caused handed to the SIP stack, or to the answer
    for an action that sends none; p50 and p99 from the buckets, and the share within 20 ms."""

    def delta(name, labels):
        return after.get((name, labels), 0) - before.get((name, labels), 0)

    everything = {}
    rows = []
    for action in ACTIONS:
        labels = f'{{action="{action}"}}'
        n = delta("luukku_call_action_seconds_count", labels)
        if not n:
            continue
        buckets = []
        for (name, lab), _ in sorted(after.items()):
            m = re.match(rf'^\{{action="{action}",le="([^"]+)"\}}$', lab)
            if name == "luukku_call_action_seconds_bucket" and m:
                bound = float(m.group(1))
                buckets.append((bound, delta(name, lab)))
        buckets.sort()
        for bound, count in buckets:
            everything[bound] = everything.get(bound, 0) + count
        mean = delta("luukku_call_action_seconds_sum", labels) / n * 1000
        rows.append((action, n, buckets, mean))
    if not rows:
        print(f"  inside Luukku ({title}): no luukku_call_action_seconds recorded")
        return
    rows.append(("all", sum(r[1] for r in rows), sorted(everything.items()),
                 sum(r[1] * r[3] for r in rows) / sum(r[1] for r in rows)))
    for action, n, buckets, mean in rows:
        within = dict(buckets).get(TARGET, 0) / n
        p50, p99 = bucket_quantile(buckets, n, 0.5), bucket_quantile(buckets, n, 0.99)
        print(
            f"  inside Luukku ({title}) {action:<17} n={n:<4.0f} p50 {p50 * 1000:6.2f} ms  "
            f"p99 {p99 * 1000:6.2f} ms  mean {mean:6.2f} ms  {within:.1%} <= 20 ms"
        )


def extension_of(agent):
    return "3" + agent[1:]  # agent p0042 has the phone 30042 (sip_load.sh)


def print_sip_delays(path, invites_due, byes_due):
    """Request written -> the SIP request it caused received by its peer (SIPp's -trace_msg).

    Both clocks are this machine's wall clock; the time in the trace is when SIPp read the
    message, so this is an upper bound on when Luukku sent it.
    """
    stamp = re.compile(r"^-{10,}\s+(\d{4}-\d\d-\d\d)\s+(\d\d:\d\d:\d\d\.\d+)")
    request = re.compile(r"^(INVITE|BYE) sip:")
    invite_to = re.compile(r"^INVITE sip:\+?(\d+)@")
    to_header = re.compile(r"^To:.*<sip:\+?(\d+)@")
    peer = os.path.splitext(os.path.basename(path))[0]
    delays = {}
    when, method = None, None
    with open(path, errors="replace") as f:
        for line in f:
            m = stamp.match(line)
            if m:
                when = datetime.fromisoformat(f"{m.group(1)} {m.group(2)}").timestamp()
                method = None
                continue
            m = request.match(line)
            if m:
                method = m.group(1)
                i = invite_to.match(line)
                if i and i.group(1) in invites_due and invites_due[i.group(1)] <= when:
                    delays.setdefault("consult -> INVITE", []).append(when - invites_due.pop(i.group(1)))
                continue
            m = to_header.match(line)
            if m and method == "BYE":
                pending = byes_due.get(m.group(1), [])
                earlier = [p for p in pending if p[0] <= when]
                if earlier:
                    sent, name = max(earlier)
                    pending.remove((sent, name))
                    delays.setdefault(f"{name} -> BYE", []).append(when - sent)
                method = None
    for name, v in sorted(delays.items()):
        print(
            f"  request written -> SIP read by the {peer}: {name:<24} n={len(v):<4} p50 {pct(v, 0.5):7.2f} ms"
            f"  p99 {pct(v, 0.99):7.2f} ms  max {pct(v, 1):7.2f} ms"
        )


def main():
    p = arguments()
    p.add_argument("--idle", type=int, default=50, help="hold/resume pairs on an idle server")
    p.add_argument("--spread", type=float, default=0, help="ms over which the calls' work starts")
    p.add_argument("--think", type=float, default=0, help="ms before each operation of a call")
    p.add_argument("--answer-timeout", type=float, default=60)
    p.add_argument("--consult-timeout", type=float, default=20)
    p.add_argument("--trace", action="append", default=[], help="a SIPp -trace_msg file")
    args = p.parse_args()
    args.width = len(str(args.agents))
    raise SystemExit(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
