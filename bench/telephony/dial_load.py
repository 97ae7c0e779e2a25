#!/usr/bin/env python3
"""Outgoing calls under load (not a timed test; docs/performance.md, section Telephony).

Places CALLS click-to-call requests through the API at RATE per second, each for the next of
AGENTS agents in turn (p0001, p0002, ...), and prints how many were accepted (202), refused and
how long the API took to answer (the call recorded and the professional's phone being rung).
Run by bench/telephony/sip_load.sh dialout, which starts the server, the phones and the
operator's side on 127.0.0.1.
"""
import asyncio
import time

from load_http import arguments, request


async def run(args):
    results = []
    start = time.monotonic()

    async def one(i):
        agent = f"p{(i % args.agents) + 1:0{len(str(args.agents))}d}"
        number = f"+35840{i % 10_000_000:07d}"
        sent = time.monotonic()
        try:
            status, rest = await request(
                args.host, args.port, args.token, "POST", "/api/v1/calls",
                {"agent": agent, "line": args.line, "number": number},
            )
        except OSError as e:
            status, rest = 0, str(e).encode()
        results.append((status, time.monotonic() - sent, rest[-200:]))

    tasks = []
    for i in range(args.calls):
        due = start + i / args.rate
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i)))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - start

    accepted = [r for r in results if r[0] == 202]
    refused = [r for r in results if r[0] != 202]
    latencies = sorted(r[1] for r in accepted)

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0

    print(
        f"dial-out: {args.calls} requests at {args.rate}/s asked, {args.calls / elapsed:.1f}/s sent; "
        f"accepted {len(accepted)}, refused {len(refused)}; "
        f"API answer p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms"
    )
    by_status = {}
    for r in refused:
        by_status.setdefault(r[0], r[2])
    for status, sample in by_status.items():
        print(f"  refused {status}: {sample!r}")
    return 0 if not refused else 1


def main():
    p = arguments()
    p.add_argument("--rate", type=float, required=True)
    raise SystemExit(asyncio.run(run(p.parse_args())))


if __name__ == "__main__":
    main()
