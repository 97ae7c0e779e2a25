// A small client for the HTTP API: JSON in and out, the session's CSRF token on every
// state-changing request, and errors as ApiError with the server's code and message.
import type { LuukkuEvent } from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    // The error object as the server sent it, for refusals that say more (a clickbot tree's
    // problems, each naming its node and field).
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }
}

let csrfToken = "";

// Remembered from the session (sign-in or GET /auth/session).
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

// The header a state-changing request sent outside api() carries (a file sent with progress).
export function csrfHeader(): Record<string, string> {
  return csrfToken ? { "X-CSRF-Token": csrfToken } : {};
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : { type: "application/json", data: JSON.stringify(body) });
}

// A file as the body (a recording to upload), answered with JSON.
export const putFile = <T>(path: string, file: Blob, type: string) => send<T>("PUT", path, { type, data: file });

async function send<T>(method: string, path: string, body?: { type: string; data: BodyInit }): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = body.type;
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body?.data,
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!res.ok) {
    const err = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? "unknown", err?.message ?? res.statusText, err as Record<string, unknown> | undefined);
  }
  return parsed as T;
}

export const get = <T>(path: string) => api<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => api<T>("POST", path, body ?? {});
export const put = <T>(path: string, body: unknown) => api<T>("PUT", path, body);
export const patch = <T>(path: string, body: unknown) => api<T>("PATCH", path, body);

// Every page of a list that pages with after/next_after.
export async function getAllPages<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    const sep = path.includes("?") ? "&" : "?";
    const url = `${path}${sep}limit=1000${after ? `&after=${encodeURIComponent(after)}` : ""}`;
    const page: { items: T[]; next_after?: string | null } = await get(url);
    out.push(...page.items);
    if (!page.next_after || page.items.length === 0) return out;
    after = page.next_after;
  }
}

// One event after `seq` (or none): the log's sequence numbers have no gaps.
async function eventAfter(seq: number): Promise<LuukkuEvent | undefined> {
  const page: { items: LuukkuEvent[] } = await get(`/api/v1/events?after=${seq}&limit=1`);
  return page.items[0];
}

// The last sequence number in the log now (0 when empty): doubling, then bisection, over
// one-event pages, so it costs a few dozen small requests whatever the log's length.
export async function headSeq(): Promise<number> {
  if (!(await eventAfter(0))) return 0;
  let lo = 1; // an existing seq
  let hi = 2;
  while (await eventAfter(hi - 1)) {
    lo = hi;
    hi *= 2;
  }
  // seq `lo` exists, seq `hi` does not.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await eventAfter(mid - 1)) lo = mid;
    else hi = mid;
  }
  return lo;
}

// The seq of the last event before `time` (0 when none), for replaying a day's events.
export async function seqBefore(time: Date, head: number): Promise<number> {
  let lo = 0; // events <= lo are before `time`
  let hi = head + 1; // events >= hi are at or after `time`
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const e = await eventAfter(mid - 1);
    if (e && new Date(e.time) < time) lo = mid;
    else hi = mid;
  }
  return lo;
}
