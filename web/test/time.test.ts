import { expect, test } from "vitest";
import { formatDuration, helsinkiDay, startOfHelsinkiDay } from "../src/state/time";

test("the day starts at midnight in Helsinki in winter and in summer", () => {
  expect(startOfHelsinkiDay(new Date("2026-11-30T10:00:00Z")).toISOString()).toBe("2026-11-29T22:00:00.000Z");
  expect(startOfHelsinkiDay(new Date("2026-07-01T10:00:00Z")).toISOString()).toBe("2026-06-30T21:00:00.000Z");
  expect(helsinkiDay(new Date("2026-11-30T22:30:00Z"))).toBe("2026-12-01");
});

test("durations read as m:ss or h:mm:ss", () => {
  expect(formatDuration(65)).toBe("1:05");
  expect(formatDuration(3725)).toBe("1:02:05");
  expect(formatDuration(-3)).toBe("0:00");
});
