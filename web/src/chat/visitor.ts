// The visitor's side of a chat as a pure reducer over what the server sends on
// GET /api/v1/chat/connect (docs/chat.md) and what the visitor does. The page keeps the
// chat's id and token, and the messages not yet acknowledged, in sessionStorage, so a reload
// goes on with the same chat: it asks for every message again (after = 0) and shows each once.
import { acknowledged, type ChatMessage, type Outgoing, withMessage } from "./protocol";

export type Phase = "connecting" | "waiting" | "active" | "ended";

// The person an identified visitor acts for, and on what the registers base it.
export interface OnBehalfOf {
  name: string;
  basis: "guardian" | "mandate";
}

// A message the server refused, with why (too_long, empty, rate_limited, ended).
export interface Refused extends Outgoing {
  code: string;
}

export interface VisitorState {
  phase: Phase;
  professional: string | null;
  position: number | null;
  estimatedWaitS: number | null;
  messages: ChatMessage[];
  pending: Outgoing[];
  refused: Refused[];
  typingAt: number | null; // when the professional was last seen typing (ms)
  readUpTo: number; // the professional has read the visitor's messages up to this seq
  endedBy: string | null;
  reason: string | null;
  identified: string | null; // the name the visitor identified with
  onBehalf: OnBehalfOf | null; // whom the identified visitor acts for; null: themselves
  onBehalfOffered: boolean; // the server may let an identified visitor act for someone else
  identificationAsked: boolean; // the professional asked them to identify
  identification: "anonymous" | "optional" | "required"; // the line's
  transferredTo: string | null; // the line the chat was last transferred to, while waiting there
  handedTo: string | null; // the professional the chat was last handed to
  colleagues: string[]; // colleagues writing besides the professional (their first names)
  colleagueNote: { name: string; joined: boolean } | null; // who last joined or left
}

export function initialVisitorState(pending: Outgoing[] = []): VisitorState {
  return {
    phase: "connecting",
    professional: null,
    position: null,
    estimatedWaitS: null,
    messages: [],
    pending,
    refused: [],
    typingAt: null,
    readUpTo: 0,
    endedBy: null,
    reason: null,
    identified: null,
    onBehalf: null,
    onBehalfOffered: false,
    identificationAsked: false,
    identification: "anonymous",
    transferredTo: null,
    handedTo: null,
    colleagues: [],
    colleagueNote: null,
  };
}

// What the server sends the visitor.
export type ServerFrame =
  | {
      type: "welcome";
      chat_id: string;
      state: "waiting" | "active" | "ended";
      professional: { name: string } | null;
      identified?: { name: string } | null;
      on_behalf?: OnBehalfOf | null;
      on_behalf_offered?: boolean;
      identification_asked?: boolean;
      identification?: "anonymous" | "optional" | "required";
    }
  | { type: "identification_asked" }
  | { type: "identified"; name: string }
  | ({ type: "on_behalf" } & OnBehalfOf)
  | ({ type: "message" } & ChatMessage)
  | { type: "queue"; position: number; estimated_wait_s: number | null }
  | { type: "joined"; professional: { name: string } }
  | { type: "typing"; from: string }
  | { type: "read"; by: string; up_to: number }
  | { type: "ended"; by: string; reason?: string }
  | { type: "transferred"; to: "line"; line: { id: string; name: string } }
  | { type: "transferred"; to: "professional"; professional: { name: string } }
  | { type: "colleague"; name: string; joined: boolean }
  | { type: "error"; client_id?: string; code: string; message?: string };

// How long a typing note shows without a new one.
export const TYPING_SHOWN_MS = 5000;

export function visitorReduce(s: VisitorState, f: ServerFrame, now: number): VisitorState {
  switch (f.type) {
    case "welcome":
      return {
        ...s,
        phase: f.state,
        professional: f.professional?.name ?? s.professional,
        // An ended chat takes no more messages: what was not stored stays unsent.
        pending: f.state === "ended" ? [] : s.pending,
        identified: f.identified?.name ?? s.identified,
        onBehalf: f.on_behalf ?? s.onBehalf,
        onBehalfOffered: f.on_behalf_offered ?? s.onBehalfOffered,
        identificationAsked: f.identification_asked ?? s.identificationAsked,
        identification: f.identification ?? s.identification,
      };
    case "identification_asked":
      return { ...s, identificationAsked: true };
    case "identified":
      return { ...s, identified: f.name };
    case "on_behalf":
      return { ...s, onBehalf: { name: f.name, basis: f.basis } };
    case "message": {
      const { type: _type, ...m } = f;
      void _type;
      return {
        ...s,
        messages: withMessage(s.messages, m),
        pending: acknowledged(s.pending, m),
        // The professional's message ends their typing.
        typingAt: m.from === "professional" ? null : s.typingAt,
      };
    }
    case "queue":
      return { ...s, phase: s.phase === "connecting" ? "waiting" : s.phase, position: f.position, estimatedWaitS: f.estimated_wait_s };
    case "joined":
      return { ...s, phase: "active", professional: f.professional.name, position: null, estimatedWaitS: null, transferredTo: null };
    case "transferred":
      // To a line: waiting again (its place follows in "queue"); to a colleague: "joined" follows.
      return f.to === "line"
        ? { ...s, phase: "waiting", professional: null, transferredTo: f.line.name, handedTo: null, typingAt: null, colleagues: [] }
        : { ...s, handedTo: f.professional.name, typingAt: null };
    case "colleague":
      return {
        ...s,
        colleagues: f.joined ? [...s.colleagues.filter((n) => n !== f.name), f.name] : s.colleagues.filter((n) => n !== f.name),
        colleagueNote: { name: f.name, joined: f.joined },
      };
    case "typing":
      return f.from === "professional" ? { ...s, typingAt: now } : s;
    case "read":
      return f.by === "professional" ? { ...s, readUpTo: Math.max(s.readUpTo, f.up_to) } : s;
    case "ended":
      return { ...s, phase: "ended", endedBy: f.by, reason: f.reason ?? null, typingAt: null, pending: [] };
    case "error": {
      const failed = s.pending.find((p) => p.client_id === f.client_id);
      if (!failed) return s;
      return {
        ...s,
        pending: s.pending.filter((p) => p !== failed),
        refused: [...s.refused, { ...failed, code: f.code }],
      };
    }
    default:
      return s;
  }
}

// The visitor wrote a message: it shows at once as being sent, and stays until stored.
export function visitorSend(s: VisitorState, out: Outgoing): VisitorState {
  return { ...s, pending: [...s.pending, out] };
}

// The visitor sends a refused message again (a new client_id: the old one was refused).
export function visitorRetry(s: VisitorState, refused: Refused, out: Outgoing): VisitorState {
  return { ...s, refused: s.refused.filter((r) => r !== refused), pending: [...s.pending, out] };
}

export function professionalTyping(s: VisitorState, now: number): boolean {
  return s.typingAt !== null && now - s.typingAt < TYPING_SHOWN_MS;
}

// What the page keeps across a reload.
export interface StoredChat {
  chat_id: string;
  token: string;
  language: string;
  pending: Outgoing[];
}

export function parseStoredChat(raw: string | null): StoredChat | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<StoredChat>;
    if (typeof v.chat_id !== "string" || typeof v.token !== "string") return null;
    const pending = Array.isArray(v.pending)
      ? v.pending.filter((p): p is Outgoing => typeof p?.client_id === "string" && typeof p?.text === "string")
      : [];
    return { chat_id: v.chat_id, token: v.token, language: typeof v.language === "string" ? v.language : "fi", pending };
  } catch {
    return null;
  }
}
