import { expect, test } from "vitest";
import { averageDay, csvUrl, formatPercent, formatPeriod, monthRange, type PeakHours, periodDays, reportUrl, thisMonth } from "../src/reports/api";

const march = { from: "2025-03-01", to: "2025-03-31" };

test("a month's figure lists the calls of that month's days within the range", () => {
  expect(periodDays("2025-03", march)).toEqual({ from: "2025-03-01", to: "2025-03-31" });
  expect(periodDays("2025-03", { from: "2025-03-10", to: "2025-04-30" })).toEqual({ from: "2025-03-10", to: "2025-03-31" });
  expect(periodDays("2024-02", { from: "2024-01-01", to: "2024-12-31" })).toEqual({ from: "2024-02-01", to: "2024-02-29" });
});

test("an ISO week's figure lists Monday to Sunday, clipped to the range", () => {
  // 2025-W11 is Monday 10 March to Sunday 16 March; 2026-W01 starts on Monday 29 December 2025.
  expect(periodDays("2025-W11", march)).toEqual({ from: "2025-03-10", to: "2025-03-16" });
  expect(periodDays("2026-W01", { from: "2025-12-01", to: "2026-01-31" })).toEqual({ from: "2025-12-29", to: "2026-01-04" });
  expect(periodDays("2025-W09", march)).toEqual({ from: "2025-03-01", to: "2025-03-02" });
});

test("a day's figure lists that day, and 'all' the whole range", () => {
  expect(periodDays("2025-03-14", march)).toEqual({ from: "2025-03-14", to: "2025-03-14" });
  expect(periodDays("all", march)).toEqual(march);
});

test("CSV is asked with semicolons and decimal commas in Finnish and Swedish, commas in English", () => {
  expect(csvUrl("calls", { ...march, line: "duty" }, "fi", { period: "month" })).toBe(
    "/api/v1/reports/calls?from=2025-03-01&to=2025-03-31&line=duty&period=month&format=csv&lang=fi&separator=semicolon",
  );
  expect(csvUrl("peak-hours", march, "sv")).toContain("lang=sv&separator=semicolon");
  expect(csvUrl("peak-hours", march, "en")).toContain("lang=en&separator=comma");
  expect(reportUrl("callbacks", march)).toBe("/api/v1/reports/callbacks?from=2025-03-01&to=2025-03-31");
});

test("ranges are Helsinki days: this month up to today, and a whole month", () => {
  // 21:30 UTC on 31 October is already 1 November in Helsinki (UTC+2).
  expect(thisMonth(new Date("2026-10-31T22:30:00Z"))).toEqual({ from: "2026-11-01", to: "2026-11-01" });
  expect(monthRange("2024-11")).toEqual({ from: "2024-11-01", to: "2024-11-30" });
});

test("periods and shares read as the language writes them", () => {
  expect(formatPeriod("2024-11", "fi")).toBe("11/2024");
  expect(formatPeriod("2026-W48", "fi")).toBe("vk 48/2026");
  expect(formatPeriod("2026-11-23", "fi")).toBe("23.11.2026");
  expect(formatPercent("64.03", "fi")).toBe("64,03 %");
  expect(formatPercent("64.03", "en")).toBe("64.03 %");
  expect(formatPercent(null, "fi")).toBe("—");
});

test("the heatmap shows the average day: sums over the days of each weekday, the planner as is", () => {
  const grid = (v: number) => Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => v));
  const p: PeakHours = {
    weekdays: [5, 4, 4, 4, 4, 4, 4],
    arrivals: grid(0),
    lost: grid(0),
    callbacks: grid(0),
    signed_in: grid(0),
    planner: { agents_needed: grid(3), mean_handle_s: 240, target_service_level: 0.8, target_answer_s: 60 },
  };
  p.arrivals[0][9] = 12; // five Mondays
  p.signed_in[1][10] = 6; // four Tuesdays
  expect(averageDay(p, "arrivals")[0][9]).toBe(2.4);
  expect(averageDay(p, "signed_in")[1][10]).toBe(1.5);
  expect(averageDay(p, "agents_needed")[1][10]).toBe(3);
});
