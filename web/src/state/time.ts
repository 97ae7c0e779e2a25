// Dates and times as people in the region read them: Europe/Helsinki, whatever the
// browser's own time zone.
export const TIME_ZONE = "Europe/Helsinki";

const dayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

// "YYYY-MM-DD" of the instant in Helsinki.
export function helsinkiDay(t: Date): string {
  return dayFormat.format(t);
}

// The instant the Helsinki day of `t` began (00:00 local, DST applied).
export function startOfHelsinkiDay(t: Date): Date {
  const [y, m, d] = helsinkiDay(t).split("-").map(Number);
  // Helsinki is UTC+2 or UTC+3: try both offsets and keep the one that is local midnight.
  for (const offset of [3, 2]) {
    const guess = new Date(Date.UTC(y, m - 1, d, -offset));
    if (helsinkiDay(guess) === helsinkiDay(t) && helsinkiDay(new Date(guess.getTime() - 1)) !== helsinkiDay(t)) {
      return guess;
    }
  }
  return new Date(Date.UTC(y, m - 1, d, -2));
}

export function formatTime(iso: string | undefined, lang: string): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(lang, { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

export function formatDateTime(iso: string | undefined, lang: string): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(lang, {
    timeZone: TIME_ZONE,
    day: "numeric",
    month: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));
}

// "m:ss" or "h:mm:ss" of a duration in seconds.
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

export function secondsSince(iso: string | undefined, now: Date): number {
  return iso ? (now.getTime() - new Date(iso).getTime()) / 1000 : 0;
}
