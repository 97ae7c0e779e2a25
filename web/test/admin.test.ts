import { expect, test } from "vitest";
import {
  dayName,
  formToLine,
  groupDays,
  lineToForm,
  parseDayHours,
  parseNumbers,
  type ServiceLineConfig,
  serviceLevelsByLine,
  serviceLevelText,
} from "../src/state/admin";

const line: ServiceLineConfig = {
  id: "neuvola",
  name: { fi: "Neuvola", sv: "Rådgivning", en: "Child health clinic" },
  phone_numbers: ["+358201234567"],
  channels: ["phone", "callback"],
  weekly_hours: {
    monday: ["08:00-16:00"],
    tuesday: ["08:00-16:00"],
    wednesday: ["08:00-16:00"],
    thursday: ["08:00-12:00", "13:00-16:00"],
    friday: ["08:00-16:00"],
  },
  exceptions: [{ date: "2026-12-24", hours: [], reason: { fi: "Jouluaatto", sv: "Julafton", en: "Christmas Eve" } }],
  routing: { wrap_up_s: 45, required_skills: ["neuvola"], callback: { max_attempts: 4, retry_delays_s: [600] } },
  version: 7,
};

test("opening hours are read as sorted periods, with dashes and spaces as people type them", () => {
  expect(parseDayHours("13:00-16:00, 08:00-12:00")).toEqual(["08:00-12:00", "13:00-16:00"]);
  expect(parseDayHours("08:00–16:00")).toEqual(["08:00-16:00"]);
  expect(parseDayHours("20:00-24:00")).toEqual(["20:00-24:00"]);
  expect(parseDayHours("  ")).toEqual([]);
});

test("malformed, inverted and overlapping periods are refused", () => {
  expect(parseDayHours("8-16")).toBeNull();
  expect(parseDayHours("16:00-08:00")).toBeNull();
  expect(parseDayHours("08:00-12:00, 11:00-16:00")).toBeNull();
  expect(parseDayHours("08:00-25:00")).toBeNull();
});

test("days with the same hours in a row are shown together", () => {
  expect(groupDays(line.weekly_hours)).toEqual([
    ["monday", "wednesday", "08:00-16:00"],
    ["thursday", "thursday", "08:00-12:00, 13:00-16:00"],
    ["friday", "friday", "08:00-16:00"],
    ["saturday", "sunday", ""],
  ]);
});

test("weekdays are named in the reader's language", () => {
  expect(dayName("monday", "fi")).toBe("ma");
  expect(dayName("sunday", "sv", "long")).toBe("söndag");
  expect(dayName("friday", "en", "long")).toBe("Friday");
});

test("numbers are separated by commas and lose the spaces and dashes inside them", () => {
  expect(parseNumbers("+358 40 123-4567, 116117\n0201234567")).toEqual(["+358401234567", "116117", "0201234567"]);
});

test("a line edited without changes is sent back as it was, with its version", () => {
  const result = formToLine(line, lineToForm(line, "fi"), "fi");
  expect(result.errors).toBeUndefined();
  expect(result.line?.version).toBe(7);
  expect(result.line?.weekly_hours).toEqual({ ...line.weekly_hours, saturday: [], sunday: [] });
  expect(result.line?.exceptions).toEqual(line.exceptions);
  // What the form does not show is kept.
  expect(result.line?.routing?.required_skills).toEqual(["neuvola"]);
  expect(result.line?.routing?.callback?.retry_delays_s).toEqual([600]);
  expect(result.line?.routing?.wrap_up_s).toBe(45);
});

test("the service level target, limits and callback policy are taken from the form", () => {
  const form = { ...lineToForm(line, "fi"), target: "20", queueLimit: "", maxWait: "600", whenClosed: "reject", dueRule: "within", dueWithinHours: "2" };
  const sent = formToLine(line, form, "fi").line!;
  expect(sent.routing?.service_level_target_s).toBe(20);
  expect(sent.routing?.queue_limit).toBeNull();
  expect(sent.routing?.max_estimated_wait_s).toBe(600);
  expect(sent.routing?.callback?.when_closed).toBe("reject");
  expect(sent.routing?.callback?.due).toEqual({ rule: "within", within_s: 7200 });
});

test("a new exception gets its reason in every language and the list is sorted by date", () => {
  const form = lineToForm(line, "fi");
  form.exceptions.push({ date: "2026-12-23", hours: "08:00-12:00", reason: "Aatonaatto" });
  const sent = formToLine(line, form, "fi").line!;
  expect(sent.exceptions).toEqual([
    { date: "2026-12-23", hours: ["08:00-12:00"], reason: { fi: "Aatonaatto", sv: "Aatonaatto", en: "Aatonaatto" } },
    line.exceptions![0],
  ]);
});

test("what is wrong in the form is named by field and nothing is sent", () => {
  const form = { ...lineToForm(line, "fi"), target: "0", numbers: "abc" };
  form.hours.monday = "16:00-08:00";
  form.name.sv = " ";
  form.exceptions.push({ date: "2026-12-24", hours: "", reason: "" });
  const result = formToLine(line, form, "fi");
  expect(result.line).toBeUndefined();
  expect(result.errors).toEqual({
    target: "range",
    numbers: "number",
    "hours.monday": "hours",
    "name.sv": "required",
    "exceptions.1.date": "duplicateDate",
  });
});

test("the service level reads as a whole percent, and as a dash before any call is answered", () => {
  const levels = serviceLevelsByLine({
    service_levels: [
      { line: "neuvola", target_s: 60, answered: 3, answered_within_target: 2, service_level_percent: "66.67" },
      { line: "suun-terveys", target_s: 30, answered: 0, answered_within_target: 0, service_level_percent: null },
    ],
  });
  expect(serviceLevelText(levels.neuvola, "en")).toBe("67 %");
  expect(serviceLevelText(levels["suun-terveys"], "fi")).toBe("—");
  expect(serviceLevelText(undefined, "fi")).toBe("—");
});
