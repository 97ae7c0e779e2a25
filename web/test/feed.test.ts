// The event feed: resumes after the last event it passed on, never passes one on twice, and
// says at once when it is down and later that its figures are stale.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { EventFeed, type FeedStatus, shownStatus } from "../src/live/feed";

class FakeSocket {
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {}
  close() {
    this.onclose?.();
  }
  send(seq: number) {
    this.onmessage?.({ data: JSON.stringify({ seq, stream: "s", stream_seq: seq, time: "", type: "t", data: {} }) });
  }
}

describe("EventFeed", () => {
  let sockets: FakeSocket[];
  let statuses: FeedStatus[];
  let seqs: number[];
  let feed: EventFeed;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal("location", { protocol: "http:", host: "127.0.0.1:8080" });
    sockets = [];
    statuses = [];
    seqs = [];
    feed = new EventFeed({
      after: 41,
      onEvents: (events) => seqs.push(...events.map((e) => e.seq)),
      onStatus: (s) => statuses.push(s),
      staleAfterMs: 5000,
      open: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s as unknown as WebSocket;
      },
    });
    feed.start();
  });
  afterEach(() => {
    feed.stop();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  test("reconnects after the last event it received and drops repeats", async () => {
    expect(sockets[0].url).toBe("ws://127.0.0.1:8080/api/v1/events?after=41");
    sockets[0].onopen?.();
    sockets[0].send(42);
    sockets[0].send(43);
    await Promise.resolve();
    sockets[0].close();
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets[1].url).toBe("ws://127.0.0.1:8080/api/v1/events?after=43");
    sockets[1].onopen?.();
    sockets[1].send(43);
    sockets[1].send(44);
    await Promise.resolve();
    expect(seqs).toEqual([42, 43, 44]);
  });

  test("says reconnecting at once and stale once down longer than the limit", async () => {
    sockets[0].onopen?.();
    expect(statuses).toEqual(["live"]);
    sockets[0].close();
    expect(statuses).toEqual(["live", "reconnecting"]);
    // Every attempt fails: the server is away.
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(2000);
      sockets.at(-1)?.close();
    }
    expect(statuses).toEqual(["live", "reconnecting", "stale"]);
    await vi.advanceTimersByTimeAsync(10000);
    sockets.at(-1)?.onopen?.();
    expect(statuses.at(-1)).toBe("live");
  });
});

test("a view replaying the day's events is not live until it reaches the head it loaded at", () => {
  expect(shownStatus("live", 120, 500)).toBe("connecting");
  expect(shownStatus("live", 500, 500)).toBe("live");
  expect(shownStatus("live", 0, 0)).toBe("live"); // nothing to replay
  expect(shownStatus("stale", 120, 500)).toBe("stale");
});
