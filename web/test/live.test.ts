// The live state's reducer: each event changes the view state as it says, and applying an
// event over a snapshot that already holds it, or twice, changes nothing.
import { describe, expect, test } from "vitest";
import type { LuukkuEvent, Task } from "../src/api/types";
import {
  applyEvent,
  applyEvents,
  callOf,
  emptyState,
  heldTasksOf,
  lineFigures,
  offersTo,
  withQueues,
  withTasks,
} from "../src/state/live";

let seq = 0;
function ev(type: string, data: object, stream = "x", time = "2026-11-30T08:00:00Z"): LuukkuEvent {
  seq += 1;
  return { seq, stream, stream_seq: 1, time, type, data };
}
const day = new Date("2026-11-30T10:00:00Z");
const queued = (id: string, line = "duty", time = "2026-11-30T08:00:00Z") =>
  ev("contact.queued", { contact: { id, routing: { line, state: "waiting", queue_time: time } } }, `contact/${id}`, time);
const task = (id: string, line = "duty", due = "2026-11-30T12:00:00Z"): Task => ({
  id,
  routing: { line, state: "waiting", created_at: "2026-11-30T07:00:00Z" },
  due_at: due,
  attempts: [],
});

describe("offers", () => {
  test("an offer to the agent shows with its expiry and leaves when declined", () => {
    let s = applyEvent(emptyState(day), queued("c1"));
    s = applyEvent(s, ev("offer.made", { item: { kind: "contact", id: "c1" }, agent: "a1", expires_at: "2026-11-30T08:00:20Z" }));
    expect(offersTo(s, "a1")).toMatchObject([{ item: { kind: "contact", id: "c1" }, line: "duty", expiresAt: "2026-11-30T08:00:20Z" }]);
    expect(offersTo(s, "a2")).toEqual([]);
    s = applyEvent(s, ev("offer.declined", { item: { kind: "contact", id: "c1" }, agent: "a1" }));
    expect(offersTo(s, "a1")).toEqual([]);
    expect(s.contacts.c1.routing.state).toBe("waiting");
  });

  test("a call ringing the agent's phone while only offered is not yet the agent's call", () => {
    const s = applyEvents(emptyState(day), [
      queued("c1"),
      ev("offer.made", { item: { kind: "contact", id: "c1" }, agent: "a1", expires_at: "2026-11-30T08:00:20Z" }),
      ev("call.agent_ringing", { agent_id: "a1" }, "call/c1"),
    ]);
    expect(offersTo(s, "a1")).toHaveLength(1);
    expect(callOf(s, "a1")).toBeUndefined();
  });

  test("an accepted call is the agent's and counts as answered today on its line", () => {
    let s = applyEvents(emptyState(day), [
      queued("c1"),
      ev("offer.made", { item: { kind: "contact", id: "c1" }, agent: "a1", expires_at: "2026-11-30T08:00:20Z" }),
      ev("call.agent_ringing", { agent_id: "a1" }, "call/c1"),
      ev("offer.accepted", { item: { kind: "contact", id: "c1" }, agent: "a1", at: "2026-11-30T08:00:05Z" }),
      ev("call.answered", { agent_id: "a1" }, "call/c1"),
    ]);
    expect(offersTo(s, "a1")).toEqual([]);
    expect(callOf(s, "a1")).toMatchObject({ id: "c1", phase: "answered", held: false });
    expect(s.today.lines.duty).toEqual({ offered: 1, answered: 1, abandoned: 0 });
    s = applyEvent(s, ev("call.held", { agent_id: "a1", by: "api" }, "call/c1"));
    expect(callOf(s, "a1")?.held).toBe(true);
    s = applyEvent(s, ev("call.ended", { by: "caller", reason: "hang_up" }, "call/c1"));
    s = applyEvent(s, ev("contact.completed", { contact: { id: "c1", routing: { line: "duty", state: "active" } } }));
    expect(callOf(s, "a1")).toBeUndefined();
    expect(s.contacts.c1).toBeUndefined();
  });
});

describe("queues", () => {
  test("waiting calls and the longest wait per line follow queueing, transfers and ends", () => {
    let s = applyEvents(emptyState(day), [
      queued("c1", "duty", "2026-11-30T08:00:00Z"),
      queued("c2", "duty", "2026-11-30T08:05:00Z"),
      queued("c3", "helpline", "2026-11-30T08:06:00Z"),
    ]);
    let [duty, help] = lineFigures(s, ["duty", "helpline"], day);
    expect(duty).toMatchObject({ waiting: 2, longestSince: "2026-11-30T08:00:00Z" });
    expect(help.waiting).toBe(1);
    s = applyEvent(s, ev("contact.abandoned", { contact: { id: "c1", routing: { line: "duty" } } }));
    s = applyEvent(s, ev("contact.transferred", { item: { kind: "contact", id: "c3" }, agent: "a1", line_id: "duty" }));
    [duty, help] = lineFigures(s, ["duty", "helpline"], day);
    expect(duty).toMatchObject({ waiting: 2, longestSince: "2026-11-30T08:05:00Z" });
    expect(duty.today).toEqual({ offered: 2, answered: 0, abandoned: 1 });
    expect(help.waiting).toBe(0);
  });

  test("a queue snapshot and the events after it agree whichever holds a contact first", () => {
    const fromSnapshot = withQueues(emptyState(day), [
      { line: "duty", waiting_total: 1, waiting: [{ item: { kind: "contact", id: "c1" }, position: 1, created_at: "2026-11-30T08:00:00Z" }] },
    ]);
    const again = applyEvent(fromSnapshot, queued("c1"));
    expect(lineFigures(again, ["duty"], day)[0].waiting).toBe(1);
  });

  test("a batch changes a copy: the state it started from is left as it was", () => {
    const before = applyEvent(emptyState(day), queued("c1"));
    const snapshot = JSON.stringify(before);
    const after = applyEvents(before, [
      ev("offer.made", { item: { kind: "contact", id: "c1" }, agent: "a1", expires_at: "2026-11-30T08:00:20Z" }),
      queued("c2"),
      ev("contact.abandoned", { contact: { id: "c1", routing: { line: "duty" } } }),
    ]);
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(Object.keys(after.contacts)).toEqual(["c2"]);
    expect(after.today.lines.duty).toEqual({ offered: 2, answered: 0, abandoned: 1 });
  });

  test("an event already applied is not applied again", () => {
    const e = queued("c9");
    const s = applyEvent(emptyState(day), e);
    expect(applyEvent(s, e)).toBe(s);
    expect(s.today.lines.duty.offered).toBe(1);
  });

  test("today's figures start again at zero on a new day in Helsinki", () => {
    // 21:59 UTC on 30 November is 23:59 in Helsinki; 22:01 UTC is already 1 December.
    let s = applyEvent(emptyState(new Date("2026-11-30T21:00:00Z")), queued("c1", "duty", "2026-11-30T21:59:00Z"));
    s = applyEvent(s, queued("c2", "duty", "2026-11-30T22:01:00Z"));
    expect(s.today).toEqual({ day: "2026-12-01", lines: { duty: { offered: 1, answered: 0, abandoned: 0 } } });
  });
});

describe("callback tasks", () => {
  test("claiming, an attempt that parks, and completion change the task as they say", () => {
    let s = withTasks(emptyState(day), [task("t1")]);
    s = applyEvent(s, ev("task.claimed", { task_id: "t1", agent: "a1", at: "2026-11-30T09:00:00Z" }));
    expect(heldTasksOf(s, "a1").map((t) => t.id)).toEqual(["t1"]);
    const attempt = { at: "2026-11-30T09:01:00Z", agent: "a1", outcome: "no_answer" };
    const parked = ev("task.attempt_recorded", { task_id: "t1", attempt, next_attempt_at: "2026-11-30T09:31:00Z" });
    s = applyEvent(s, parked);
    expect(s.tasks.t1.routing).toMatchObject({ state: "parked", agent: undefined });
    expect(s.tasks.t1.attempts).toEqual([attempt]);
    expect(heldTasksOf(s, "a1")).toEqual([]);
    // The same attempt replayed over a snapshot that has it is listed once.
    const replayed = applyEvent(withTasks(s, [{ ...s.tasks.t1 }]), { ...parked, seq: parked.seq + 100 });
    expect(replayed.tasks.t1.attempts).toHaveLength(1);
    s = applyEvent(s, ev("task.completed", { task: { ...task("t1"), end: "completed" } }));
    expect(s.tasks.t1).toBeUndefined();
  });

  test("a reached attempt keeps the task with the agent", () => {
    let s = withTasks(emptyState(day), [task("t1")]);
    s = applyEvent(s, ev("task.claimed", { task_id: "t1", agent: "a1", at: "2026-11-30T09:00:00Z" }));
    s = applyEvent(s, ev("task.attempt_recorded", { task_id: "t1", attempt: { at: "2026-11-30T09:02:00Z", agent: "a1", outcome: "reached" } }));
    expect(heldTasksOf(s, "a1").map((t) => t.id)).toEqual(["t1"]);
  });

  test("open, overdue and next due callbacks per line", () => {
    const s = withTasks(emptyState(day), [task("t1", "duty", "2026-11-30T09:00:00Z"), task("t2", "duty", "2026-11-30T11:00:00Z")]);
    expect(lineFigures(s, ["duty"], day)[0]).toMatchObject({ openTasks: 2, overdueTasks: 1, nextDue: "2026-11-30T09:00:00Z" });
  });

  test("a repeat contact adds to the task and replaces its voice message", () => {
    let s = withTasks(emptyState(day), [{ ...task("t1"), contact_count: 1 }]);
    s = applyEvent(s, ev("task.contact_added", { task_id: "t1", contact_id: "c5", at: "2026-11-30T09:10:00Z", voice_message: "c5.wav" }));
    expect(s.tasks.t1).toMatchObject({ contact_count: 2, voice_message: "c5.wav", last_contact_at: "2026-11-30T09:10:00Z" });
  });

  test("another contact request adds its words to the task's and replaces the name", () => {
    let s = withTasks(emptyState(day), [{ ...task("t1"), requester_name: "Aino", description: "Ensimmäinen asia." }]);
    s = applyEvent(s, ev("task.contact_added", { task_id: "t1", contact_id: "", at: "2026-11-30T09:10:00Z", requester_name: "Aino Mäki", description: "Toinen asia." }));
    expect(s.tasks.t1).toMatchObject({ requester_name: "Aino Mäki", description: "Ensimmäinen asia.\n\nToinen asia." });
    s = applyEvent(s, ev("task.contact_added", { task_id: "t1", contact_id: "c6", at: "2026-11-30T09:20:00Z" }));
    expect(s.tasks.t1).toMatchObject({ requester_name: "Aino Mäki", description: "Ensimmäinen asia.\n\nToinen asia." });
  });

  test("an outgoing call of a callback is the agent's call before its contact arrives", () => {
    const s = applyEvent(emptyState(day), ev("call.dialled", { agent_id: "a1", task_id: "t1", line_id: "duty", number: "+358401112222" }, "call/k1"));
    expect(callOf(s, "a1")).toMatchObject({ id: "k1", phase: "dialling", task: "t1" });
  });
});

describe("presence", () => {
  test("a presence change replaces the agent's state and keeps the profile", () => {
    let s = applyEvent(emptyState(day), ev("presence.profile_changed", { agent: "a1", profile: { memberships: [{ line: "duty" }] } }));
    s = applyEvent(s, ev("presence.changed", { agent: "a1", state: { status: "available", since: "2026-11-30T08:00:00Z" } }));
    expect(s.presence.a1).toMatchObject({ state: { status: "available" }, profile: { memberships: [{ line: "duty" }] } });
  });
});
