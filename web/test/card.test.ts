// The customer card's reducers, the colleagues grouped by team, and a call rebuilt from its own
// events when the desktop loads in the middle of it.
import { describe, expect, test } from "vitest";
import type { Agent, HistoryItem, HistoryPage, LuukkuEvent, Presence } from "../src/api/types";
import { emptyHistory, historyUrl, noteBytes, withLogged, withPage } from "../src/state/card";
import { colleagueGroups } from "../src/state/colleagues";
import { applyEvents, callOf, emptyState, switchboardView, withCallHistory, withWork } from "../src/state/live";

const item = (id: string, time: string): HistoryItem => ({
  id,
  line: "duty",
  direction: "inbound",
  outcome: "answered",
  end: "completed",
  agent: "a1",
  agent_name: "Aino",
  voice_message: false,
  time,
  answered_at: null,
  ended_at: null,
  log: null,
});
const page = (items: HistoryItem[], next: HistoryPage["next_before"] = null): HistoryPage => ({
  number: "+358401234567",
  items,
  next_before: next,
});
const entry = (seq: number) => ({
  reason: "advice",
  note: "n",
  service_need_assessment: false,
  agent: "a1",
  by: "aino",
  seq,
  time: "2026-11-30T09:00:00Z",
});

describe("the card's history", () => {
  test("pages are shown newest first, each contact once, until the last page", () => {
    let h = withPage(emptyHistory("0401234567"), page([item("c3", "2026-11-30T10:00:00Z"), item("c2", "2026-11-29T10:00:00Z")], { before: "2026-11-29T10:00:00Z", before_id: "c2" }), true);
    expect(h.number).toBe("+358401234567");
    expect(h.next).toEqual({ before: "2026-11-29T10:00:00Z", before_id: "c2" });
    h = withPage(h, page([item("c1", "2026-11-28T10:00:00Z")]), false);
    expect(h.items.map((i) => i.id)).toEqual(["c3", "c2", "c1"]);
    expect(h.next).toBeNull();
  });

  test("the first page read again keeps the pages further down and where they end", () => {
    let h = withPage(emptyHistory("x"), page([item("c2", "2026-11-29T10:00:00Z")], { before: "2026-11-29T10:00:00Z", before_id: "c2" }), true);
    h = withPage(h, page([item("c1", "2026-11-28T10:00:00Z")]), false);
    h = withPage(h, page([item("c4", "2026-11-30T11:00:00Z"), item("c2", "2026-11-29T10:00:00Z")], { before: "2026-11-29T10:00:00Z", before_id: "c2" }), true);
    expect(h.items.map((i) => i.id)).toEqual(["c4", "c2", "c1"]);
    expect(h.next).toBeNull();
  });

  test("a logged contact shows its newest entry, and an older entry does not replace it", () => {
    let h = withPage(emptyHistory("x"), page([item("c1", "2026-11-28T10:00:00Z")]), true);
    h = withLogged(h, "c1", entry(7));
    expect(h.items[0].log?.seq).toBe(7);
    h = withLogged(h, "c1", entry(5));
    expect(h.items[0].log?.seq).toBe(7);
    expect(withLogged(h, "c-other", entry(9))).toBe(h);
  });

  test("the next page is asked for after the last contact shown", () => {
    expect(historyUrl("+358401234567", { before: "2026-11-29T10:00:00.000000Z", before_id: "c-2" }, 10)).toBe(
      "/api/v1/contacts?number=%2B358401234567&limit=10&before=2026-11-29T10%3A00%3A00.000000Z&before_id=c-2",
    );
  });

  test("a note is measured in bytes of UTF-8", () => {
    expect(noteBytes("äö")).toBe(4);
  });
});

describe("colleagues by team", () => {
  const agents: Record<string, Agent> = {
    me: { id: "me", name: "Me", teams: ["nurses"] },
    a: { id: "a", name: "Anna", teams: ["doctors", "nurses"] },
    b: { id: "b", name: "Bertil", teams: ["doctors"] },
    c: { id: "c", name: "Cecilia" },
  };
  const present = (agent: string, status: Presence["state"]["status"]): Presence => ({ agent, state: { status } });

  test("my own team comes first, each colleague once, ready ones first in a team", () => {
    const groups = colleagueGroups(agents, { b: present("b", "offline"), x: present("x", "available") }, "me");
    expect(groups.map((g) => [g.team, g.people.map((p) => p.agent)])).toEqual([
      ["nurses", ["a"]],
      ["doctors", ["b"]],
      ["", ["x", "c"]],
    ]);
  });
});

describe("a call rebuilt when the desktop loads", () => {
  const ev = (seq: number, type: string, data: object): LuukkuEvent => ({
    seq,
    stream: "call/c1",
    stream_seq: seq,
    time: "2026-11-30T08:00:00Z",
    type,
    data,
  });
  const history = [
    ev(1, "call.arrived", {}),
    ev(3, "call.answered", { agent_id: "a1" }),
    ev(4, "call.held", { agent_id: "a1" }),
  ];
  const work = [{ contact: { id: "c1", routing: { line: "duty", state: "active" as const, agent: "a1" } } }];

  test("a call on hold before the load shows on hold, with resume and not hold", () => {
    const s = withCallHistory(withWork(emptyState(), work), history, 10);
    const call = callOf(s, "a1");
    expect(call?.held).toBe(true);
    expect(switchboardView(call!).can).toMatchObject({ hold: false, resume: true });
  });

  test("events after the feed's start are left to the feed, which applies them on top", () => {
    let s = withCallHistory(withWork(emptyState(), work), history, 3);
    expect(callOf(s, "a1")?.held).toBe(false);
    s = applyEvents(s, [history[2]]);
    expect(callOf(s, "a1")?.held).toBe(true);
  });
});
