// The professional's chats as a pure reducer over the agent's chat feed
// (GET /api/v1/agents/{id}/chats/feed, docs/chat.md) and what the professional does: each chat
// held now or accepted later arrives whole, then its messages, the visitor's typing, read marks
// and connection, and its end. A reconnected feed sends every chat whole again: messages are
// merged by seq, so nothing shows twice. A chat stays until the professional completes it, or
// until it leaves them: transferred to a line or a colleague, or (invited) they leave it. A
// colleague's question (a chat offered to them, an invitation) waits in `asks` until answered.
import type { ChatBody } from "../api/types";
import { acknowledged, type ChatMessage, type Outgoing, unreadFrom, withMessage, withMessages } from "../chat/protocol";
import type { OnBehalfOf } from "../chat/visitor";

export interface AgentChat {
  id: string;
  line: string;
  state: ChatBody["state"];
  visitorName: string | null;
  connected: boolean;
  language: string;
  path: string[] | null; // the clickbot titles the visitor walked to the chat
  startedAt: string;
  messages: ChatMessage[];
  pending: Outgoing[]; // written here, not yet stored
  failed: (Outgoing & { code: string })[]; // refused by the server
  readUpTo: number; // the professional has read the visitor's messages up to this seq
  visitorReadUpTo: number; // the visitor has read the professional's up to this seq
  visitorTypingAt: number | null;
  endedBy: string | null;
  identified: string | null; // the name the visitor identified with
  onBehalf: OnBehalfOf | null; // whom the identified visitor acts for; null: themselves
  identificationAsked: boolean;
  holder: string | null; // who holds it: someone else when this professional is invited into it
  colleagues: string[]; // colleagues invited into it who write besides its holder
  asked: { agent: string; invite: boolean } | null; // a colleague asked and not yet answered
  answer: { name: string; reason: string; invite: boolean } | null; // the last colleague's no
}

// A colleague asks this professional to take a chat (or to join it).
export interface ColleagueAsk {
  chatId: string;
  invite: boolean;
  from: string; // the asking professional's first name
  line: string; // the chat's line, by id
  until: string;
}

export interface ChatsState {
  asks: ColleagueAsk[];
  chats: Record<string, AgentChat>;
  order: string[]; // in the order they arrived: the tabs
  completed: string[]; // completed here: a late frame about one does not bring it back
}

export const emptyChats: ChatsState = { asks: [], chats: {}, order: [], completed: [] };

export type ChatFeedFrame =
  | { type: "chat"; chat: ChatBody }
  | ({ type: "message"; chat_id: string } & ChatMessage)
  | { type: "typing"; chat_id: string; from: string }
  | { type: "read"; chat_id: string; by: string; up_to: number }
  | { type: "visitor"; chat_id: string; connected: boolean }
  | { type: "ended"; chat_id: string; by: string; reason?: string }
  | { type: "identification_asked"; chat_id: string }
  | { type: "identified"; chat_id: string; name: string }
  | ({ type: "on_behalf"; chat_id: string } & OnBehalfOf)
  | { type: "transferred"; chat_id: string; to: "line" | "agent" }
  | {
      type: "colleague_asked";
      chat_id: string;
      invite: boolean;
      from: { agent_id: string; name: string };
      line: { id: string; name: string };
      until: string;
    }
  | { type: "colleague_answer"; chat_id: string; agent_id: string; name: string; invite: boolean; reason: string }
  | { type: "colleague"; chat_id: string; agent_id: string; name: string; joined: boolean };

function change(s: ChatsState, id: string, f: (c: AgentChat) => AgentChat): ChatsState {
  const c = s.chats[id];
  if (!c) return s;
  return { ...s, chats: { ...s.chats, [id]: f(c) } };
}

function withBody(old: AgentChat | undefined, b: ChatBody): AgentChat {
  const messages = withMessages(old?.messages ?? [], b.messages ?? []);
  const pending = (old?.pending ?? []).filter((p) => !messages.some((m) => m.client_id === p.client_id));
  return {
    id: b.chat_id,
    line: b.line,
    state: b.state,
    visitorName: b.visitor?.name ?? null,
    connected: b.visitor?.connected ?? false,
    language: b.language,
    path: b.path ?? null,
    startedAt: b.started_at,
    messages,
    pending,
    failed: old?.failed ?? [],
    readUpTo: old?.readUpTo ?? 0,
    visitorReadUpTo: old?.visitorReadUpTo ?? 0,
    visitorTypingAt: b.state === "ended" ? null : (old?.visitorTypingAt ?? null),
    endedBy: b.state === "ended" ? (old?.endedBy ?? null) : null,
    identified: b.visitor?.identified?.name ?? old?.identified ?? null,
    onBehalf: b.visitor?.on_behalf ?? old?.onBehalf ?? null,
    identificationAsked: b.identification_asked ?? old?.identificationAsked ?? false,
    holder: b.agent,
    colleagues: b.colleagues ?? [],
    asked: b.asked_colleague ? { agent: b.asked_colleague.agent_id, invite: b.asked_colleague.invite } : null,
    answer: old?.answer ?? null,
  };
}

// The chat is no longer this professional's: it goes from the tabs (it may come back whole).
function withoutChat(s: ChatsState, id: string): ChatsState {
  const chats = { ...s.chats };
  delete chats[id];
  return { ...s, chats, order: s.order.filter((x) => x !== id) };
}

// `me`: the professional whose feed this is.
export function chatsReduce(s: ChatsState, f: ChatFeedFrame, now: number, me = ""): ChatsState {
  if (f.type === "chat") {
    const id = f.chat.chat_id;
    if (s.completed.includes(id)) return s;
    return {
      ...s,
      asks: s.asks.filter((a) => a.chatId !== id),
      chats: { ...s.chats, [id]: withBody(s.chats[id], f.chat) },
      order: s.order.includes(id) ? s.order : [...s.order, id],
    };
  }
  switch (f.type) {
    case "message": {
      const { type: _t, chat_id, ...m } = f;
      void _t;
      return change(s, chat_id, (c) => ({
        ...c,
        messages: withMessage(c.messages, m),
        pending: acknowledged(c.pending, m),
        visitorTypingAt: m.from === "visitor" ? null : c.visitorTypingAt,
      }));
    }
    case "typing":
      return f.from === "visitor" ? change(s, f.chat_id, (c) => ({ ...c, visitorTypingAt: now })) : s;
    case "read":
      return f.by === "visitor"
        ? change(s, f.chat_id, (c) => ({ ...c, visitorReadUpTo: Math.max(c.visitorReadUpTo, f.up_to) }))
        : s;
    case "visitor":
      return change(s, f.chat_id, (c) => ({ ...c, connected: f.connected }));
    case "ended":
      return change(s, f.chat_id, (c) => ({ ...c, state: "ended", endedBy: f.by, visitorTypingAt: null, pending: [] }));
    case "identification_asked":
      return change(s, f.chat_id, (c) => ({ ...c, identificationAsked: true }));
    case "identified":
      return change(s, f.chat_id, (c) => ({ ...c, identified: f.name }));
    case "on_behalf":
      return change(s, f.chat_id, (c) => ({ ...c, onBehalf: { name: f.name, basis: f.basis } }));
    case "transferred":
      return withoutChat(s, f.chat_id);
    case "colleague_asked":
      return {
        ...s,
        asks: [
          ...s.asks.filter((a) => a.chatId !== f.chat_id),
          { chatId: f.chat_id, invite: f.invite, from: f.from.name, line: f.line.id, until: f.until },
        ],
      };
    case "colleague_answer": {
      const next = { ...s, asks: s.asks.filter((a) => a.chatId !== f.chat_id) };
      return change(next, f.chat_id, (c) => ({ ...c, asked: null, answer: { name: f.name, reason: f.reason, invite: f.invite } }));
    }
    case "colleague":
      if (!f.joined && f.agent_id === me) return withoutChat(s, f.chat_id);
      return change(s, f.chat_id, (c) => ({
        ...c,
        colleagues: f.joined ? [...c.colleagues.filter((x) => x !== f.agent_id), f.agent_id] : c.colleagues.filter((x) => x !== f.agent_id),
      }));
    default:
      return s;
  }
}

// The professional wrote a message: shown at once as being sent.
export function chatSending(s: ChatsState, id: string, out: Outgoing): ChatsState {
  return change(s, id, (c) => ({ ...c, pending: [...c.pending, out] }));
}

// The server stored it (the POST's answer; the feed may bring the same message too).
export function chatSent(s: ChatsState, id: string, m: ChatMessage): ChatsState {
  return change(s, id, (c) => ({ ...c, messages: withMessage(c.messages, m), pending: acknowledged(c.pending, m) }));
}

// The server refused it (the chat ended, the text was refused).
export function chatRefused(s: ChatsState, id: string, clientId: string, code: string): ChatsState {
  return change(s, id, (c) => {
    const p = c.pending.find((x) => x.client_id === clientId);
    if (!p) return c;
    return { ...c, pending: c.pending.filter((x) => x !== p), failed: [...c.failed, { ...p, code }] };
  });
}

export function chatRead(s: ChatsState, id: string, upTo: number): ChatsState {
  return change(s, id, (c) => (upTo > c.readUpTo ? { ...c, readUpTo: upTo } : c));
}

// Completed: the chat's tab closes for good.
export function chatCompleted(s: ChatsState, id: string): ChatsState {
  return { ...withoutChat(s, id), completed: [...s.completed, id] };
}

// This professional asked a colleague (the request's answer): shown as waiting for them.
export function chatAsking(s: ChatsState, id: string, agent: string, invite: boolean): ChatsState {
  return change(s, id, (c) => ({ ...c, asked: { agent, invite }, answer: null }));
}

// This professional answered a colleague's question.
export function askAnswered(s: ChatsState, id: string): ChatsState {
  return { ...s, asks: s.asks.filter((a) => a.chatId !== id) };
}

export function unreadOf(c: AgentChat): number {
  return unreadFrom(c.messages, "visitor", c.readUpTo);
}

// The chats in tab order.
export function chatTabs(s: ChatsState): AgentChat[] {
  return s.order.map((id) => s.chats[id]).filter((c): c is AgentChat => !!c);
}
