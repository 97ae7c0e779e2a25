import { describe, expect, it } from "vitest";
import { dayFormatOf, parseDay, showDay } from "../src/state/dayInput";

describe("days typed in the page's language", () => {
  it("reads Finnish day.month.year", () => {
    expect(parseDay("24.12.2026", "fi")).toBe("2026-12-24");
    expect(parseDay(" 1.3.2027 ", "fi")).toBe("2027-03-01");
  });
  it("reads English day/month/year, day first", () => {
    expect(parseDay("5/11/2026", "en")).toBe("2026-11-05");
  });
  it("reads ISO days in every language, and only ISO in Swedish", () => {
    for (const lang of ["fi", "sv", "en"]) expect(parseDay("2026-12-24", lang)).toBe("2026-12-24");
    expect(parseDay("24.12.2026", "sv")).toBeNull();
  });
  it("refuses days that do not exist and partial input", () => {
    expect(parseDay("29.2.2027", "fi")).toBeNull();
    expect(parseDay("29.2.2028", "fi")).toBe("2028-02-29");
    expect(parseDay("31.4.2026", "fi")).toBeNull();
    expect(parseDay("24.12.26", "fi")).toBeNull();
    expect(parseDay("24.12.", "fi")).toBeNull();
    expect(parseDay("", "en")).toBeNull();
    expect(parseDay("2026-13-01", "fi")).toBeNull();
  });
  it("shows a day the way it is typed", () => {
    expect(showDay("2026-03-01", "fi")).toBe("1.3.2026");
    expect(showDay("2026-03-01", "sv")).toBe("2026-03-01");
    expect(showDay("2026-03-01", "en")).toBe("1/3/2026");
    for (const lang of ["fi", "sv", "en"]) expect(parseDay(showDay("2026-10-25", lang), lang)).toBe("2026-10-25");
  });
  it("names the same form to the calendar field", () => {
    expect(dayFormatOf("fi")).toBe("D.M.YYYY");
    expect(dayFormatOf("sv")).toBe("YYYY-MM-DD");
    expect(dayFormatOf("en")).toBe("D/M/YYYY");
  });
});
