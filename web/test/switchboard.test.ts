// The switchboard's call events on the active call's view: whom the professional talks to,
// who is on hold, the consultation and how it ended, and which operations are offered.
import { describe, expect, test } from "vitest";
import type { LuukkuEvent } from "../src/api/types";
import { refusalKey, typedTarget } from "../src/phone/phone";
import { applyEvents, callOf, emptyState, type LiveState, switchboardView } from "../src/state/live";

let seq = 0;
function ev(type: string, data: object, stream = "call/c1"): LuukkuEvent {
  seq += 1;
  return { seq, stream, stream_seq: seq, time: "2026-11-30T08:00:00Z", type, data };
}
const day = new Date("2026-11-30T10:00:00Z");

// A call on line "duty" answered by a1.
function answered(): LiveState {
  return applyEvents(emptyState(day), [
    ev("contact.queued", { contact: { id: "c1", routing: { line: "duty", state: "waiting" } } }, "contact/c1"),
    ev("offer.made", { item: { kind: "contact", id: "c1" }, agent: "a1" }, "contact/c1"),
    ev("call.agent_ringing", { agent_id: "a1" }),
    ev("offer.accepted", { item: { kind: "contact", id: "c1" }, agent: "a1", at: "2026-11-30T08:00:05Z" }, "contact/c1"),
    ev("call.answered", { agent_id: "a1" }),
  ]);
}
const then = (s: LiveState, ...events: LuukkuEvent[]) => applyEvents(s, events);
const view = (s: LiveState) => switchboardView(callOf(s, "a1")!);
const consultA2 = () => ev("call.consult_started", { agent_id: "a1", to_kind: "agent", to: "a2", by: "api" });
const consulting = () => then(answered(), consultA2(), ev("call.consult_answered", { agent_id: "a1" }));

describe("the switchboard's view of an answered call", () => {
  test("an answered call talks to the caller and offers hold, consult and transfer", () => {
    const v = view(answered());
    expect(v.talkingTo).toBe("caller");
    expect(v.onHold).toEqual([]);
    expect(v.can).toEqual({
      hold: true,
      resume: false,
      consult: true,
      transfer: true,
      swap: false,
      cancelConsult: false,
      completeTransfer: false,
      conference: false,
    });
  });

  test("call.held puts the caller on hold and offers resume, consult and transfer", () => {
    const v = view(then(answered(), ev("call.held", { agent_id: "a1", by: "phone" })));
    expect(v.talkingTo).toBe("nobody");
    expect(v.onHold).toEqual(["caller"]);
    expect(v.can).toMatchObject({ hold: false, resume: true, consult: true, transfer: true });
  });

  test("call.resumed returns to the caller", () => {
    const s = then(answered(), ev("call.held", { agent_id: "a1", by: "api" }), ev("call.resumed", { agent_id: "a1", by: "api" }));
    expect(view(s).talkingTo).toBe("caller");
    expect(callOf(s, "a1")!.held).toBe(false);
  });

  test("call.consult_started holds the caller while the colleague's phone rings: only cancelling is offered", () => {
    const v = view(then(answered(), consultA2()));
    expect(v.talkingTo).toBe("nobody");
    expect(v.onHold).toEqual(["caller"]);
    expect(v.consult).toEqual({ kind: "agent", to: "a2", state: "ringing" });
    expect(v.can).toEqual({
      hold: false,
      resume: false,
      consult: false,
      transfer: false,
      swap: false,
      cancelConsult: true,
      completeTransfer: false,
      conference: false,
    });
  });

  test("a consultation of a number names the number, and of an extension the extension", () => {
    const n = then(answered(), ev("call.consult_started", { agent_id: "a1", to_kind: "number", to: "", number: "+358401234567", by: "api" }));
    expect(view(n).consult).toEqual({ kind: "number", number: "+358401234567", state: "ringing" });
    const x = then(answered(), ev("call.consult_started", { agent_id: "a1", to_kind: "extension", to: "1002", by: "api" }));
    expect(view(x).consult).toEqual({ kind: "extension", to: "1002", state: "ringing" });
  });

  test("call.consult_answered: the professional talks to the colleague and may swap, complete or conference", () => {
    const v = view(consulting());
    expect(v.talkingTo).toBe("consulted");
    expect(v.onHold).toEqual(["caller"]);
    expect(v.consult?.state).toBe("answered");
    expect(v.can).toMatchObject({ swap: true, cancelConsult: true, completeTransfer: true, conference: true, hold: false, consult: false });
  });

  test("call.swapped to the caller holds the colleague; swapped back holds the caller", () => {
    let s = then(consulting(), ev("call.swapped", { agent_id: "a1", to: "caller", by: "api" }));
    expect(view(s).talkingTo).toBe("caller");
    expect(view(s).onHold).toEqual(["consulted"]);
    expect(view(s).can).toMatchObject({ swap: true, completeTransfer: true, conference: true });
    s = then(s, ev("call.swapped", { agent_id: "a1", to: "consulted", by: "api" }));
    expect(view(s).talkingTo).toBe("consulted");
    expect(view(s).onHold).toEqual(["caller"]);
  });

  test("call.conference_started: all three talk; only completing or cancelling is left", () => {
    const v = view(then(consulting(), ev("call.conference_started", { agent_id: "a1", by: "api" })));
    expect(v.talkingTo).toBe("both");
    expect(v.onHold).toEqual([]);
    expect(v.can).toMatchObject({ swap: false, conference: false, completeTransfer: true, cancelConsult: true });
  });

  test("call.consult_ended cancelled returns to the caller and keeps the result", () => {
    const v = view(then(consulting(), ev("call.consult_ended", { agent_id: "a1", result: "cancelled", status: 0 })));
    expect(v.talkingTo).toBe("caller");
    expect(v.consult).toEqual({ kind: "agent", to: "a2", state: "ended", result: "cancelled" });
    expect(v.can).toMatchObject({ hold: true, consult: true, swap: false, cancelConsult: false });
  });

  test("a consultation nobody answers leaves the caller on hold for the professional to resume", () => {
    const s = then(answered(), consultA2(), ev("call.consult_ended", { agent_id: "a1", result: "no_answer", status: 0 }));
    const v = view(s);
    expect(v.onHold).toEqual(["caller"]);
    expect(v.consult).toMatchObject({ state: "ended", result: "no_answer" });
    expect(v.can).toMatchObject({ resume: true, consult: true, cancelConsult: false });
    expect(callOf(s, "a1")!.held).toBe(true);
  });

  test("the colleague hanging up after a swap leaves the professional talking to the caller", () => {
    const s = then(
      consulting(),
      ev("call.swapped", { agent_id: "a1", to: "caller", by: "api" }),
      ev("call.consult_ended", { agent_id: "a1", result: "hung_up", status: 0 }),
    );
    expect(view(s).talkingTo).toBe("caller");
    expect(view(s).consult?.result).toBe("hung_up");
  });

  test("the colleague hanging up during the consultation leaves the caller on hold", () => {
    const s = then(consulting(), ev("call.consult_ended", { agent_id: "a1", result: "hung_up", status: 0 }));
    expect(view(s).onHold).toEqual(["caller"]);
  });

  test("call.transferred takes the call off the professional's desktop at once", () => {
    const s = then(consulting(), ev("call.transferred", { agent_id: "a1", to_kind: "agent", to: "a2", by: "api", attended: true }));
    expect(callOf(s, "a1")).toBeUndefined();
    expect(s.calls.c1.transfer).toEqual({ kind: "agent", to: "a2", attended: true });
  });

  test("call.transfer_failed leaves the call off the desktop with why", () => {
    const s = then(answered(), ev("call.transfer_failed", { agent_id: "a1", result: "no_answer", status: 0 }));
    expect(callOf(s, "a1")).toBeUndefined();
    expect(s.calls.c1.transfer?.failed).toBe("no_answer");
  });

  test("a call transferred back into a line is the next professional's once it rings them", () => {
    const s = then(
      answered(),
      ev("call.transferred", { agent_id: "a1", to_kind: "line", to: "duty", by: "api", attended: false }),
      ev("contact.transferred", { item: { kind: "contact", id: "c1" }, line_id: "duty" }, "contact/c1"),
      ev("offer.made", { item: { kind: "contact", id: "c1" }, agent: "a3" }, "contact/c1"),
      ev("call.agent_ringing", { agent_id: "a3" }),
      ev("offer.accepted", { item: { kind: "contact", id: "c1" }, agent: "a3", at: "2026-11-30T08:02:00Z" }, "contact/c1"),
      ev("call.answered", { agent_id: "a3" }),
    );
    expect(callOf(s, "a1")).toBeUndefined();
    expect(switchboardView(callOf(s, "a3")!).talkingTo).toBe("caller");
  });

  test("applying the consultation's events twice changes nothing", () => {
    const events = [consultA2(), ev("call.consult_answered", { agent_id: "a1" }), ev("call.swapped", { agent_id: "a1", to: "caller", by: "api" })];
    const once = applyEvents(answered(), events);
    expect(applyEvents(once, events)).toBe(once);
  });
});

describe("whom the professional typed, and what a refusal means", () => {
  test("up to six digits is an extension, anything longer a number", () => {
    expect(typedTarget(" 1002 ")).toEqual({ extension: "1002" });
    expect(typedTarget("0401234567")).toEqual({ number: "0401234567" });
    expect(typedTarget("+358401234567")).toEqual({ number: "+358401234567" });
    expect(typedTarget("  ")).toBeUndefined();
  });

  test("the dialling rules, the call's state and a missing phone each have their own words", () => {
    expect(refusalKey(403)).toBe("call.error.policy");
    expect(refusalKey(409)).toBe("call.error.state");
    expect(refusalKey(412)).toBe("call.error.noPhone");
    expect(refusalKey(500)).toBeUndefined();
  });
});
