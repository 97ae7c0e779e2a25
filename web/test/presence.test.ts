// Presence as shown: a break telephony set for a call is a call; any other break is a break.
import { describe, expect, it } from "vitest";
import { shownChoice, shownStatus } from "../src/state/presence";

describe("shownStatus", () => {
  it("shows a professional whose phone a consultation took as busy", () => {
    expect(shownStatus({ status: "break", chosen: "break", reason: "on_call" })).toBe("busy");
  });
  it("shows a break the professional chose as a break", () => {
    expect(shownStatus({ status: "break", chosen: "break", reason: "lunch" })).toBe("break");
  });
  it("shows nobody known as offline", () => {
    expect(shownStatus(undefined)).toBe("offline");
  });
});

describe("shownChoice", () => {
  it("keeps the professional's own choice, available, while a consultation takes their phone", () => {
    expect(shownChoice({ status: "break", chosen: "break", reason: "on_call" })).toBe("available");
  });
  it("leaves every other choice as it is", () => {
    expect(shownChoice({ status: "busy", chosen: "available" })).toBe("available");
    expect(shownChoice({ status: "break", chosen: "break", reason: "no_answer" })).toBe("break");
  });
});
