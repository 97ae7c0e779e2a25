// The chat's messages as both sides keep them (docs/chat.md): a conversation is its messages
// in `seq` order, each once however often the server sends it (a reconnect replays, a resend
// is answered with the stored message), and the messages written here but not yet stored,
// kept with the client_id they were sent with so that a resend is never stored twice.
// Everything here is pure: the sockets (chat/visitor.ts, live/chatFeed.ts) only call it.

export type Sender = "visitor" | "professional" | "system";

// A file sent as a message (chat/attachments.ts); the message's text is then empty.
export interface ChatAttachment {
  id: string;
  name: string;
  type: string;
  size: number;
}

export interface ChatMessage {
  seq: number;
  from: Sender;
  name?: string;
  text: string;
  time: string;
  client_id?: string;
  attachment?: ChatAttachment;
}

// A message written here that the server has not yet answered with its stored form.
export interface Outgoing {
  client_id: string;
  text: string;
}

// The longest text the server takes, in code points.
export const MAX_TEXT = 2000;

// What the text of a message is once trimmed, or why it cannot be sent.
export function checkText(text: string): { text: string } | { error: "empty" | "too_long" } {
  const trimmed = text.trim();
  if (trimmed === "") return { error: "empty" };
  if ([...trimmed].length > MAX_TEXT) return { error: "too_long" };
  return { text: trimmed };
}

// The conversation with `m` in its place: in seq order, a seq already there is not added again.
export function withMessage(messages: ChatMessage[], m: ChatMessage): ChatMessage[] {
  let i = messages.length;
  while (i > 0 && messages[i - 1].seq > m.seq) i--;
  if (i > 0 && messages[i - 1].seq === m.seq) return messages;
  return [...messages.slice(0, i), m, ...messages.slice(i)];
}

export function withMessages(messages: ChatMessage[], more: ChatMessage[]): ChatMessage[] {
  return more.reduce(withMessage, messages);
}

// What is still unacknowledged once `m` arrived: its client_id is stored now.
export function acknowledged(pending: Outgoing[], m: ChatMessage): Outgoing[] {
  if (!m.client_id || !pending.some((p) => p.client_id === m.client_id)) return pending;
  return pending.filter((p) => p.client_id !== m.client_id);
}

// The `after` of a reconnect: the highest seq up to which the conversation has no gap
// (seq counts from 1 without gaps, so anything past a gap is asked for again and deduplicated).
export function lastSeq(messages: ChatMessage[]): number {
  let seq = 0;
  for (const m of messages) {
    if (m.seq === seq + 1) seq = m.seq;
    else if (m.seq > seq + 1) break;
  }
  return seq;
}

// The wait before reconnect attempt number `attempt` (0 for the first): 0.5 s, 1 s, 2 s, ...
// up to 10 s, spread by `random` (0..1) over half to all of it so that many visitors cut off
// together do not come back together.
export function reconnectDelay(attempt: number, random: number): number {
  const full = Math.min(10000, 500 * 2 ** Math.min(attempt, 5));
  return Math.round(full * (0.5 + 0.5 * random));
}

// The frames a (re)connected visitor sends: the hello, then every message not yet
// acknowledged, with the client_id it first had.
export function helloFrames(
  session: { chat_id: string; token: string },
  messages: ChatMessage[],
  pending: Outgoing[],
): unknown[] {
  return [
    { type: "hello", chat_id: session.chat_id, token: session.token, after: lastSeq(messages) },
    ...pending.map((p) => ({ type: "send", client_id: p.client_id, text: p.text })),
  ];
}

// Whether a typing note is due: at most one every `everyMs`.
export function typingDue(lastSentAt: number | null, now: number, everyMs = 2000): boolean {
  return lastSentAt === null || now - lastSentAt >= everyMs;
}

// The last seq of a message from `from`'s counterpart: what reading the conversation marks read.
export function lastSeqFrom(messages: ChatMessage[], from: Sender): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].from === from) return messages[i].seq;
  return 0;
}

// How many messages from `from` are newer than `readUpTo`.
export function unreadFrom(messages: ChatMessage[], from: Sender, readUpTo: number): number {
  return messages.filter((m) => m.from === from && m.seq > readUpTo).length;
}

// A new client_id (a UUID) for a message.
export function newClientId(): string {
  // randomUUID needs a secure context; getRandomValues does not.
  if (typeof crypto.randomUUID === "function" && globalThis.isSecureContext) return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
