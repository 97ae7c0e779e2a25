// The supervisor's view under load: 1,000 agents and 100 lines, then a burst of 1,000 events
// applied at once (the feed hands a burst over in one batch). `npx vitest bench --run`.
import { bench } from "vitest";
import type { LuukkuEvent, Presence, Task } from "../src/api/types";
import { applyEvents, emptyState, lineFigures, withPresence, withTasks } from "../src/state/live";

const now = new Date("2026-11-30T10:00:00Z");
const lines = Array.from({ length: 100 }, (_, i) => `line-${i}`);
const presence: Presence[] = Array.from({ length: 1000 }, (_, i) => ({
  agent: `a${i}`,
  state: { status: "available", since: "2026-11-30T08:00:00Z" },
}));
const tasks: Task[] = Array.from({ length: 2000 }, (_, i) => ({
  id: `t${i}`,
  routing: { line: lines[i % 100], state: "waiting", created_at: "2026-11-30T07:00:00Z" },
  due_at: "2026-11-30T12:00:00Z",
}));
const base = withTasks(withPresence(emptyState(now), presence), tasks);

// A mixed burst: calls queueing, offered and accepted, presence changes, task claims.
const burst: LuukkuEvent[] = [];
for (let i = 0; burst.length < 1000; i++) {
  const seq = burst.length + 1;
  const time = "2026-11-30T09:59:00Z";
  const id = `c${i}`;
  const line = lines[i % 100];
  burst.push({ seq, stream: `contact/${id}`, stream_seq: 1, time, type: "contact.queued", data: { contact: { id, routing: { line, state: "waiting", queue_time: time } } } });
  burst.push({ seq: seq + 1, stream: `contact/${id}`, stream_seq: 2, time, type: "offer.made", data: { item: { kind: "contact", id }, agent: `a${i}`, expires_at: time } });
  burst.push({ seq: seq + 2, stream: `contact/${id}`, stream_seq: 3, time, type: "offer.accepted", data: { item: { kind: "contact", id }, agent: `a${i}`, at: time } });
  burst.push({ seq: seq + 3, stream: `presence/a${i}`, stream_seq: 1, time, type: "presence.changed", data: { agent: `a${i}`, state: { status: "busy", since: time } } });
  burst.push({ seq: seq + 4, stream: `task/t${i}`, stream_seq: 1, time, type: "task.claimed", data: { task_id: `t${i}`, agent: `a${i}`, at: time } });
}

bench("a burst of 1,000 events with 1,000 agents and 100 lines, and the lines' figures", () => {
  const s = applyEvents(base, burst.slice(0, 1000));
  lineFigures(s, lines, now);
});
