// The reports' API (docs/reports.md): the answers' shapes, the URLs with their ranges, and
// which days a figure of a period covers, so that a figure can list its calls.
import { helsinkiDay } from "../state/time";

export type Period = "day" | "week" | "month";
export type Outcome = "answered" | "lost" | "called_back" | "outgoing";
export const OUTCOMES: Outcome[] = ["answered", "called_back", "lost", "outgoing"];

export interface OutcomeRow {
  period: string;
  line: string; // "*" all lines, "" before a line
  total: number;
  answered: number;
  lost: number;
  called_back: number;
  outgoing: number;
  shares_percent: Record<Outcome, string>;
}

export interface ReportCall {
  id: string;
  date: string;
  time: string;
  number: string;
  line: string;
  direction: "inbound" | "outgoing";
  outcome: Outcome | "pending" | "callback_attempt";
  agent: string;
  wait_s: number | null;
  talk_s: number;
  wrap_up_s: number;
}

export interface WaitFigures {
  count: number;
  mean_s: number | null;
  median_s: number | null;
  p90_s: number | null;
}

export interface ResponseTimes {
  arrivals: number;
  answer: WaitFigures;
  answer_distribution: { from_s: number; to_s: number | null; count: number }[];
  target_s: number;
  answered_within_target: number;
  service_level_percent: string | null;
  abandon: WaitFigures;
  abandonment_percent: string | null;
}

export interface CallbackFigures {
  created: number;
  completed: number;
  unreachable: number;
  open: number;
  overdue: number;
  to_first_attempt: WaitFigures;
  to_completion: WaitFigures;
  completed_by_due: number;
  completed_by_due_percent: string | null;
  attempts_per_task: number | null;
  inbound_calls: number;
  repeat_contacts: number;
  repeat_percent: string | null;
}

type Grid = number[][]; // [weekday 0 = Monday][hour]
export interface PeakHours {
  weekdays: number[];
  arrivals: Grid;
  lost: Grid;
  callbacks: Grid;
  signed_in: Grid;
  planner: { agents_needed: Grid; mean_handle_s: number; target_service_level: number; target_answer_s: number };
}

export interface AgentFigures {
  agent: string;
  handled: number;
  talk_s: number;
  wrap_up_s: number;
  outgoing: number;
  callback_attempts: number;
  callbacks_completed: number;
}

export interface Today {
  date: string;
  at: string;
  calls: { items: OutcomeRow[] };
  response_times: ResponseTimes;
  hours: PeakHours;
}

// Chats per period and line (GET /api/v1/reports/chats).
export interface ChatRow {
  period: string;
  line: string; // "*": all lines
  offered: number;
  answered: number;
  abandoned: number;
  wait: WaitFigures;
  duration: WaitFigures;
  feedback: { count: number; mean_rating: number | null; ratings: number[] };
}

export interface Range {
  from: string; // YYYY-MM-DD, Helsinki
  to: string;
  line?: string; // absent: all lines
}

// The report's URL; `extra` adds its own parameters (period, outcome, format...).
export function reportUrl(report: string, range: Range, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ from: range.from, to: range.to });
  if (range.line) q.set("line", range.line);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `/api/v1/reports/${report}?${q.toString()}`;
}

// CSV as the language's spreadsheet expects it: Finnish and Swedish Excel want semicolons and
// decimal commas.
export function csvUrl(report: string, range: Range, lang: string, extra: Record<string, string> = {}): string {
  const language = ["fi", "sv", "en"].includes(lang) ? lang : "fi";
  return reportUrl(report, range, {
    ...extra,
    format: "csv",
    lang: language,
    separator: language === "en" ? "comma" : "semicolon",
  });
}

const DAY_MS = 86_400_000;
function dayNumber(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}
function dayString(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

// The days of a period label ("2025-03-14", "2025-W11", "2025-03"), within the range.
export function periodDays(label: string, range: Range): { from: string; to: string } {
  let from: number;
  let to: number;
  const week = /^(\d{4})-W(\d{2})$/.exec(label);
  if (week) {
    // ISO week 1 holds 4 January; weeks start on Monday.
    const jan4 = Date.UTC(Number(week[1]), 0, 4) / DAY_MS;
    const monday1 = jan4 - ((new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7);
    from = monday1 + (Number(week[2]) - 1) * 7;
    to = from + 6;
  } else if (/^\d{4}-\d{2}$/.test(label)) {
    const [y, m] = label.split("-").map(Number);
    from = Date.UTC(y, m - 1, 1) / DAY_MS;
    to = Date.UTC(y, m, 1) / DAY_MS - 1;
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(label)) {
    from = to = dayNumber(label);
  } else {
    return { from: range.from, to: range.to };
  }
  return {
    from: dayString(Math.max(from, dayNumber(range.from))),
    to: dayString(Math.min(to, dayNumber(range.to))),
  };
}

// The Helsinki month of `now`, from its first day to today.
export function thisMonth(now: Date): Range {
  const today = helsinkiDay(now);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

// A whole Helsinki month "YYYY-MM".
export function monthRange(month: string): Range {
  const [y, m] = month.split("-").map(Number);
  return { from: `${month}-01`, to: dayString(Date.UTC(y, m, 1) / DAY_MS - 1) };
}

// A share as the language writes it ("64,03 %" or "64.03 %").
export function formatPercent(share: string | null | undefined, lang: string): string {
  if (share === null || share === undefined) return "—";
  return `${lang === "en" ? share : share.replace(".", ",")} %`;
}

export function formatNumber(n: number | null | undefined, lang: string, digits = 0): string {
  if (n === null || n === undefined) return "—";
  return new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

// A period label as people read it: "11/2024", "vk 48/2026", "23.11.2026".
export function formatPeriod(label: string, lang: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month) return `${Number(month[2])}/${month[1]}`;
  const week = /^(\d{4})-W(\d{2})$/.exec(label);
  if (week) return `${lang === "fi" ? "vk" : lang === "sv" ? "v." : "W"} ${Number(week[2])}/${week[1]}`;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label);
  if (day) {
    return new Intl.DateTimeFormat(lang, { timeZone: "UTC", day: "numeric", month: "numeric", year: "numeric" }).format(
      new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))),
    );
  }
  return label;
}

export type Metric = "arrivals" | "lost" | "callbacks" | "signed_in" | "agents_needed";
export const METRICS: Metric[] = ["arrivals", "lost", "callbacks", "signed_in", "agents_needed"];
export const HOURS = Array.from({ length: 24 }, (_, h) => h);
export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];

// The average day of each weekday: sums divided by how many of that weekday the range holds
// (the planner's answer is for the average day already).
export function averageDay(p: PeakHours, metric: Metric): number[][] {
  const grid = metric === "agents_needed" ? p.planner.agents_needed : p[metric];
  return WEEKDAYS.map((d) =>
    HOURS.map((h) => {
      const v = grid[d]?.[h] ?? 0;
      if (metric === "agents_needed") return v;
      return p.weekdays[d] > 0 ? Math.round((v / p.weekdays[d]) * 10) / 10 : 0;
    }),
  );
}
