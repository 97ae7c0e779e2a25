import { describe, expect, it } from "vitest";
import { dueInWords, plausibleNumber, utf8Bytes } from "../src/citizen/ContactRequestForm";

describe("the contact-request form's checks", () => {
  it("takes numbers as people write them and refuses what the server would", () => {
    expect(plausibleNumber("040 123 4567")).toBe(true);
    expect(plausibleNumber("+358 (0)40-123 4567")).toBe(true);
    expect(plausibleNumber("116117")).toBe(true);
    expect(plausibleNumber("040 abc")).toBe(false);
    expect(plausibleNumber("358+40")).toBe(false);
    expect(plausibleNumber("12")).toBe(false);
    expect(plausibleNumber("   ")).toBe(false);
  });

  it("counts the description in bytes, as the server's limit is", () => {
    expect(utf8Bytes("abc")).toBe(3);
    expect(utf8Bytes("ä")).toBe(2);
    expect(utf8Bytes("€")).toBe(3);
  });

  it("says the due time in words in Helsinki time, summer and winter", () => {
    // 24 November 2026 14:00 UTC is 16:00 in Helsinki (UTC+2); 1 July 13:00 UTC is 16:00 (UTC+3).
    expect(dueInWords("2026-11-24T14:00:00Z", "en")).toMatch(/Tuesday.*November 24.*16:00/);
    expect(dueInWords("2026-07-01T13:00:00Z", "fi")).toMatch(/keskiviikko.*1\..*heinäkuuta.*16\.00/);
  });
});
