// The customer card's state: a number's contacts as the pages of GET /api/v1/contacts bring
// them (newest first), and what logging a contact changes in it. Pure functions; the view
// keeps the state.
import type { ContactLogEntry, HistoryCursor, HistoryItem, HistoryPage } from "../api/types";

// What the server takes as a note: bytes of UTF-8, not characters (ä and ö take two).
export const MAX_NOTE_BYTES = 2000;
export const PAGE_SIZE = 10;

export interface CardHistory {
  number: string;
  items: HistoryItem[];
  next: HistoryCursor | null; // where the next page starts; null: all shown
  loaded: boolean;
}

export function emptyHistory(number: string): CardHistory {
  return { number, items: [], next: null, loaded: false };
}

export function historyUrl(number: string, next: HistoryCursor | null, limit = PAGE_SIZE): string {
  let url = `/api/v1/contacts?number=${encodeURIComponent(number)}&limit=${limit}`;
  if (next) url += `&before=${encodeURIComponent(next.before)}&before_id=${encodeURIComponent(next.before_id)}`;
  return url;
}

function newestFirst(a: HistoryItem, b: HistoryItem): number {
  if (a.time !== b.time) return a.time < b.time ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

// A page added to what is shown: each contact once (a page read again, or the first page read
// anew after a log, replaces the items it holds), newest first. A first page (read from the
// top) sets where the next one starts only if nothing further down was loaded yet.
export function withPage(h: CardHistory, page: HistoryPage, fromTop: boolean): CardHistory {
  const byId = new Map(h.items.map((i) => [i.id, i]));
  for (const item of page.items) byId.set(item.id, item);
  const items = [...byId.values()].sort(newestFirst);
  const next = fromTop && h.loaded ? h.next : page.next_before;
  return { number: page.number || h.number, items, next, loaded: true };
}

// A contact just logged: its latest entry is the new one (the card need not read again).
export function withLogged(h: CardHistory, contactId: string, entry: ContactLogEntry): CardHistory {
  if (!h.items.some((i) => i.id === contactId)) return h;
  return {
    ...h,
    items: h.items.map((i) => (i.id === contactId && (!i.log || i.log.seq < entry.seq) ? { ...i, log: entry } : i)),
  };
}

export function noteBytes(note: string): number {
  return new TextEncoder().encode(note).length;
}
