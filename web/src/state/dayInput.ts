// A calendar day typed by a person, in the way of the page's language — not the browser's:
// Finnish 24.12.2026, Swedish 2026-12-24, English 24/12/2026 (day first, as in the region).
// ISO "YYYY-MM-DD" is understood in every language. Values are "YYYY-MM-DD" strings, the
// API's calendar days.

// dayjs's tokens for the form the day is shown in.
export function dayFormatOf(lang: string): string {
  return lang === "sv" ? "YYYY-MM-DD" : lang === "en" ? "D/M/YYYY" : "D.M.YYYY";
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

// "YYYY-MM-DD" of a real day, or null.
function dayOf(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

// The day `text` names in `lang`'s way (or ISO), or null when it names none.
export function parseDay(text: string, lang: string): string | null {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (iso) return dayOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const separator = lang === "en" ? "/" : lang === "fi" ? "." : null;
  if (!separator) return null;
  const parts = t.split(separator);
  if (parts.length !== 3 || parts.some((p) => !/^\d{1,4}$/.test(p))) return null;
  const [day, month, year] = parts.map(Number);
  if (parts[2].length !== 4) return null;
  return dayOf(year, month, day);
}

// "YYYY-MM-DD" shown in `lang`'s way.
export function showDay(day: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  if (lang === "sv") return day;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return lang === "en" ? `${d}/${mo}/${y}` : `${d}.${mo}.${y}`;
}
