// What the admin views turn into API bodies and back: a service line as an editable form (the
// fields PUT /api/v1/service-lines/{id} takes, as text where people type them), opening hours
// read and written as "08:00-12:00, 13:00-16:00", and the service level of today per line
// (GET /api/v1/reports/today, "service_levels"). Pure functions, so they are tested alone.
import type { LocalizedText } from "../api/types";

export const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Day = (typeof DAYS)[number];

// A weekday's name in the reader's language (1 January 2024 was a Monday).
export function dayName(day: Day, lang: string, width: "short" | "long" = "short"): string {
  return new Intl.DateTimeFormat(lang, { weekday: width, timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + DAYS.indexOf(day))));
}

export const OVERFLOW_ACTIONS = ["queue", "callback", "reject"] as const;
export const DUE_RULES = ["same_working_day", "next_working_day", "within"] as const;

export interface DateException {
  date: string;
  hours: string[];
  reason?: LocalizedText;
}

export interface CallbackPolicy {
  when_closed?: string;
  when_busy?: string;
  when_queue_full?: string;
  when_wait_too_long?: string;
  on_abandon_after_s?: number | null;
  due?: { rule?: string; within_s?: number; same_day_cutoff_s?: number };
  max_attempts?: number;
  retry_delays_s?: number[];
  escalate_before_due_s?: number;
}

export interface LinePolicy {
  priority_head_start_s?: number;
  wrap_up_s?: number;
  offer_timeout_s?: number;
  max_offers_per_minute?: number;
  queue_limit?: number | null;
  max_estimated_wait_s?: number | null;
  continuity_wait_s?: number;
  area_wait_s?: number;
  required_skills?: string[];
  assumed_handle_time_s?: number;
  service_level_target_s?: number;
  callback?: CallbackPolicy;
}

// A service line as GET /api/v1/service-lines/{id} answers and PUT takes it.
export interface ServiceLineConfig {
  id: string;
  name: LocalizedText;
  phone_numbers?: string[];
  channels: string[];
  time_zone?: string;
  weekly_hours: Partial<Record<Day, string[]>>;
  closed_on_public_holidays?: boolean;
  exceptions?: DateException[];
  routing?: LinePolicy;
  active?: boolean;
  version?: number;
}

export interface ExceptionForm {
  date: string;
  hours: string; // "" is closed all day
  reason: string;
}

// Everything the line editor edits, as the fields hold it (numbers as text).
export interface LineForm {
  name: { fi: string; sv: string; en: string };
  numbers: string;
  hours: Record<Day, string>;
  closedOnHolidays: boolean;
  active: boolean;
  exceptions: ExceptionForm[];
  wrapUp: string;
  offerTimeout: string;
  queueLimit: string; // "" is no limit
  maxWait: string; // "" is no threshold
  target: string;
  whenClosed: string;
  whenBusy: string;
  whenQueueFull: string;
  whenWaitTooLong: string;
  maxAttempts: string;
  dueRule: string;
  dueWithinHours: string;
}

// What is wrong with the form, by field ("hours.monday", "exceptions.0.date", "target"...),
// as a message key of the `admin.invalid` section.
export type FormErrors = Record<string, string>;

const PERIOD = /^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;

// "08:00-12:00, 13:00-16:00" (commas or spaces between; en dashes typed are hyphens) into
// sorted periods; null when a period is malformed, inverted or overlaps another. "" is closed.
export function parseDayHours(text: string): string[] | null {
  const parts = text
    .replace(/[–—]/g, "-")
    .split(/[,;\s]+/)
    .filter((p) => p !== "");
  if (!parts.every((p) => PERIOD.test(p))) return null;
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const spans = parts.map((p) => ({ text: p, from: minutes(p.slice(0, 5)), to: minutes(p.slice(6)) }));
  spans.sort((a, b) => a.from - b.from);
  for (let i = 0; i < spans.length; i++) {
    if (spans[i].from >= spans[i].to) return null;
    if (i > 0 && spans[i].from < spans[i - 1].to) return null;
  }
  return spans.map((s) => s.text);
}

export function formatDayHours(periods: string[] | undefined): string {
  return (periods ?? []).join(", ");
}

// Days with the same hours in a row, for a compact summary: [["monday", "friday", "08:00-16:00"],
// ["saturday", "sunday", ""]] (the last day equal to the first when alone; "" is closed).
export function groupDays(hours: Partial<Record<Day, string[]>>): [Day, Day, string][] {
  const out: [Day, Day, string][] = [];
  for (const day of DAYS) {
    const text = formatDayHours(hours[day]);
    const last = out[out.length - 1];
    if (last && last[2] === text) last[1] = day;
    else out.push([day, day, text]);
  }
  return out;
}

// Phone numbers as typed, separated by commas, semicolons or new lines; spaces and dashes
// inside a number are dropped ("+358 40 123-4567" is "+358401234567").
export function parseNumbers(text: string): string[] {
  return text
    .split(/[,;\n]+/)
    .map((n) => n.replace(/[\s-]/g, ""))
    .filter((n) => n !== "");
}

const str = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));

export function lineToForm(line: ServiceLineConfig, lang: string): LineForm {
  const r = line.routing ?? {};
  const cb = r.callback ?? {};
  const hours = Object.fromEntries(DAYS.map((d) => [d, formatDayHours(line.weekly_hours[d])])) as Record<Day, string>;
  return {
    name: { fi: line.name.fi ?? "", sv: line.name.sv ?? "", en: line.name.en ?? "" },
    numbers: (line.phone_numbers ?? []).join(", "),
    hours,
    closedOnHolidays: line.closed_on_public_holidays ?? true,
    active: line.active ?? true,
    exceptions: (line.exceptions ?? []).map((e) => ({
      date: e.date,
      hours: formatDayHours(e.hours),
      reason: e.reason?.[lang as keyof LocalizedText] ?? e.reason?.fi ?? "",
    })),
    wrapUp: str(r.wrap_up_s ?? 30),
    offerTimeout: str(r.offer_timeout_s ?? 20),
    queueLimit: r.queue_limit === undefined ? "100" : str(r.queue_limit),
    maxWait: r.max_estimated_wait_s === undefined ? "900" : str(r.max_estimated_wait_s),
    target: str(r.service_level_target_s ?? 60),
    whenClosed: cb.when_closed ?? "callback",
    whenBusy: cb.when_busy ?? "queue",
    whenQueueFull: cb.when_queue_full ?? "callback",
    whenWaitTooLong: cb.when_wait_too_long ?? "callback",
    maxAttempts: str(cb.max_attempts ?? 3),
    dueRule: cb.due?.rule ?? "same_working_day",
    dueWithinHours: str((cb.due?.within_s ?? 86400) / 3600),
  };
}

// A whole number in [min, max] typed in a field, or undefined.
function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

// The line to PUT: the original with the form's fields replaced (what the form does not show
// is kept as it was), or the errors that keep it from being sent.
export function formToLine(
  original: ServiceLineConfig,
  form: LineForm,
  lang: string,
): { line: ServiceLineConfig; errors?: undefined } | { line?: undefined; errors: FormErrors } {
  const errors: FormErrors = {};
  for (const l of ["fi", "sv", "en"] as const) if (form.name[l].trim() === "") errors[`name.${l}`] = "required";
  const weekly: Partial<Record<Day, string[]>> = {};
  for (const d of DAYS) {
    const periods = parseDayHours(form.hours[d]);
    if (periods === null) errors[`hours.${d}`] = "hours";
    else weekly[d] = periods;
  }
  const numbers = parseNumbers(form.numbers);
  if (!numbers.every((n) => /^\+?[0-9]{3,15}$/.test(n))) errors.numbers = "number";
  const seen = new Set<string>();
  const exceptions: DateException[] = [];
  form.exceptions.forEach((e, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(e.date) || Number.isNaN(Date.parse(e.date))) errors[`exceptions.${i}.date`] = "date";
    else if (seen.has(e.date)) errors[`exceptions.${i}.date`] = "duplicateDate";
    seen.add(e.date);
    const periods = parseDayHours(e.hours);
    if (periods === null) errors[`exceptions.${i}.hours`] = "hours";
    const before = original.exceptions?.find((x) => x.date === e.date);
    const keptReason = before?.reason && (before.reason[lang as keyof LocalizedText] ?? before.reason.fi ?? "") === e.reason;
    const reason = keptReason ? before.reason : e.reason.trim() ? { fi: e.reason, sv: e.reason, en: e.reason } : undefined;
    exceptions.push({ date: e.date, hours: periods ?? [], ...(reason ? { reason } : {}) });
  });
  exceptions.sort((a, b) => a.date.localeCompare(b.date));
  const wrapUp = wholeNumber(form.wrapUp, 0, 3600);
  if (wrapUp === undefined) errors.wrapUp = "range";
  const offerTimeout = wholeNumber(form.offerTimeout, 5, 600);
  if (offerTimeout === undefined) errors.offerTimeout = "range";
  const queueLimit = form.queueLimit.trim() === "" ? null : wholeNumber(form.queueLimit, 0, 100000);
  if (queueLimit === undefined) errors.queueLimit = "range";
  const maxWait = form.maxWait.trim() === "" ? null : wholeNumber(form.maxWait, 0, 86400);
  if (maxWait === undefined) errors.maxWait = "range";
  const target = wholeNumber(form.target, 1, 3600);
  if (target === undefined) errors.target = "range";
  const maxAttempts = wholeNumber(form.maxAttempts, 1, 20);
  if (maxAttempts === undefined) errors.maxAttempts = "range";
  const withinHours = Number(form.dueWithinHours.replace(",", "."));
  const withinS = Math.round(withinHours * 3600);
  if (form.dueRule === "within" && !(withinS >= 1 && withinS <= 30 * 86400)) errors.dueWithinHours = "range";
  if (Object.keys(errors).length > 0) return { errors };

  const routing = original.routing ?? {};
  const callback = routing.callback ?? {};
  const due = { ...(callback.due ?? {}), rule: form.dueRule, ...(form.dueRule === "within" ? { within_s: withinS } : {}) };
  return {
    line: {
      ...original,
      name: { fi: form.name.fi.trim(), sv: form.name.sv.trim(), en: form.name.en.trim() },
      phone_numbers: numbers,
      weekly_hours: weekly,
      closed_on_public_holidays: form.closedOnHolidays,
      active: form.active,
      exceptions,
      routing: {
        ...routing,
        wrap_up_s: wrapUp,
        offer_timeout_s: offerTimeout,
        queue_limit: queueLimit,
        max_estimated_wait_s: maxWait,
        service_level_target_s: target,
        callback: {
          ...callback,
          when_closed: form.whenClosed,
          when_busy: form.whenBusy,
          when_queue_full: form.whenQueueFull,
          when_wait_too_long: form.whenWaitTooLong,
          max_attempts: maxAttempts,
          due,
        },
      },
    },
  };
}

// ---- Service level today ---------------------------------------------------------------------

export interface LineServiceLevel {
  line: string;
  target_s: number;
  answered: number;
  answered_within_target: number;
  service_level_percent: string | null;
}

// "92 %" style text of a level ("—" before any call is answered), in the reader's language.
export function serviceLevelText(level: LineServiceLevel | undefined, lang: string): string {
  if (!level || level.service_level_percent === null) return "—";
  const n = Number(level.service_level_percent);
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(n)} %`;
}

// The levels by line id from a GET /api/v1/reports/today answer.
export function serviceLevelsByLine(today: { service_levels?: LineServiceLevel[] }): Record<string, LineServiceLevel> {
  return Object.fromEntries((today.service_levels ?? []).map((l) => [l.line, l]));
}
