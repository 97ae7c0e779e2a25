// The browser phone's state as the desktop shows it, from the gateway's events.
import { describe, expect, it } from "vitest";
import { type PhoneState, phoneStateAfter, reconnectDelay, sipUser } from "../src/phone/phone";

const registered: PhoneState = { status: "registered" };

describe("the browser phone's state", () => {
  it("is registered once the gateway says so", () => {
    expect(phoneStateAfter({ status: "connecting" }, { kind: "registered" })).toEqual(registered);
  });

  it("is unavailable with the reason when the registration fails", () => {
    expect(phoneStateAfter({ status: "connecting" }, { kind: "unavailable", reason: "403 Forbidden" })).toEqual({
      status: "unavailable",
      reason: "403 Forbidden",
    });
  });

  it("rings with the caller's number and the line's name", () => {
    expect(phoneStateAfter(registered, { kind: "incoming", from: "sip:+358401234567@127.0.0.1", display: "Päivystys" })).toEqual({
      status: "ringing",
      from: "sip:+358401234567@127.0.0.1",
      display: "Päivystys",
    });
  });

  it("keeps who is on the line once the call is accepted", () => {
    const ringing = phoneStateAfter(registered, { kind: "incoming", from: "sip:116117@127.0.0.1", display: "Päivystys" });
    expect(phoneStateAfter(ringing, { kind: "accepted" })).toMatchObject({ status: "incall", from: "sip:116117@127.0.0.1", muted: false });
  });

  it("is registered again when the call ends", () => {
    expect(phoneStateAfter({ status: "incall" }, { kind: "ended", reason: "Session Terminated" })).toEqual({
      status: "registered",
      reason: "Session Terminated",
    });
  });

  it("stays unavailable when a lost gateway also ends the call", () => {
    const lost = phoneStateAfter({ status: "incall" }, { kind: "unavailable", reason: "Lost connection to the server" });
    expect(phoneStateAfter(lost, { kind: "ended", reason: "" }).status).toBe("unavailable");
  });

  it("a ringing far end does not take a call in progress back to calling", () => {
    expect(phoneStateAfter({ status: "incall" }, { kind: "ringing" }).status).toBe("incall");
  });
});

describe("the browser phone when the gateway goes away", () => {
  it("says it is reconnecting, with the reason, and drops the call that rang", () => {
    const ringing = phoneStateAfter(registered, { kind: "incoming", from: "sip:116117@127.0.0.1", display: "Päivystys" });
    expect(phoneStateAfter(ringing, { kind: "lost", reason: "Lost connection to the server (is it down?)" })).toEqual({
      status: "reconnecting",
      reason: "Lost connection to the server (is it down?)",
    });
  });

  it("is registered again once the new registration succeeds", () => {
    expect(phoneStateAfter({ status: "reconnecting", reason: "lost" }, { kind: "registered" })).toEqual(registered);
  });

  it("keeps its registration when the gateway refuses a request after it", () => {
    expect(phoneStateAfter(registered, { kind: "refused", reason: "Wrong state (not in a call?)" })).toEqual({
      status: "registered",
      reason: "Wrong state (not in a call?)",
    });
  });

  it("says a call it places failed when the gateway refuses it", () => {
    expect(phoneStateAfter({ status: "calling" }, { kind: "refused", reason: "Invalid user address" })).toEqual({
      status: "unavailable",
      reason: "Invalid user address",
    });
  });

  it("waits a second before the first try, doubling to at most 16 s", () => {
    expect([0, 1, 2, 3, 4, 5, 50].map(reconnectDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 16000, 16000]);
  });
});

describe("sipUser", () => {
  it("takes the user part of a SIP URI", () => {
    expect(sipUser("sip:+358401234567@127.0.0.1:5060")).toBe("+358401234567");
    expect(sipUser("sips:1001@luukku")).toBe("1001");
    expect(sipUser(undefined)).toBe("");
  });
});
