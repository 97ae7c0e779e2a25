// The shapes of the HTTP API's answers and events the web app reads (docs/openapi.json).
// Only the fields the views use are listed; the server may send more.
import type { ChatMessage } from "../chat/protocol";
import type { OnBehalfOf } from "../chat/visitor";

export type Role = "agent" | "supervisor" | "admin" | "registrar";

export interface Session {
  user_id: string;
  username: string;
  roles: Role[];
  csrf_token: string;
  expires_at?: string;
  agent: string | null;
}

export type LocalizedText = Partial<Record<"fi" | "sv" | "en", string>>;

export interface ServiceLine {
  id: string;
  name: LocalizedText;
  channels?: string[]; // "phone", "chat", ...
}

export interface Agent {
  id: string;
  name: string;
  teams?: string[];
  languages?: string[];
  routing?: { memberships?: Membership[] };
}

export type PresenceStatus = "offline" | "available" | "busy" | "wrap_up" | "break";

export interface PresenceState {
  status: PresenceStatus;
  chosen?: string;
  reason?: string;
  since?: string;
  wrap_up_until?: string;
}

export interface Membership {
  line: string;
  tier?: number;
}

export interface Presence {
  agent: string;
  state: PresenceState;
  profile?: { memberships?: Membership[]; teams?: string[] };
  version?: number;
}

export interface ItemRef {
  kind: "contact" | "task";
  id: string;
}

export type RoutingState = "waiting" | "offered" | "active" | "parked";

export interface WorkRouting {
  line: string;
  channel?: string;
  language?: string;
  state: RoutingState;
  agent?: string;
  queue_time?: string;
  created_at?: string;
  offer_expires_at?: string;
  accepted_at?: string;
}

export interface Contact {
  id: string;
  routing: WorkRouting;
  from_number?: string;
  to_number?: string;
  direction?: "inbound" | "outgoing";
  callback_task?: string;
  task?: string;
  end?: string;
}

export interface Attempt {
  at: string;
  agent: string;
  outcome: string;
}

export interface Task {
  id: string;
  routing: WorkRouting;
  number?: string;
  reason?: string;
  contact_count?: number;
  voice_message?: string;
  // A contact request's: the name its sender gave and what they wrote.
  requester_name?: string;
  description?: string;
  escalated?: boolean;
  attempts?: Attempt[];
  end?: "open" | "completed" | "unreachable";
  outcome?: string;
  last_contact_at?: string;
  due_at?: string;
  escalate_at?: string;
  next_attempt_at?: string;
  version?: number;
}

export interface WorkItem {
  contact?: Contact;
  task?: Task;
}

export interface Waiting {
  item: ItemRef;
  position: number;
  escalated?: boolean;
  estimated_wait_s?: number | null;
  created_at: string;
}

export interface Queue {
  line: string;
  waiting_total: number;
  offered?: number;
  parked?: number;
  agents_signed_in?: number;
  agents_ready?: number;
  waiting?: Waiting[];
}

export interface OutgoingCall {
  call: string;
  line: string;
  number: string;
  agent: string;
  task?: string;
}

// One event of the log (GET /api/v1/events and the live feed).
export interface LuukkuEvent {
  seq: number;
  stream: string;
  stream_seq: number;
  time: string;
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

// The customer card (GET /api/v1/contacts?number=, POST /api/v1/contacts/{id}/log).
export interface ContactReason {
  id: string;
  name: LocalizedText;
}

export interface ContactLogEntry {
  reason: string;
  note: string;
  service_need_assessment: boolean;
  agent: string;
  by: string;
  seq: number;
  time: string;
  contact_id?: string;
}

export interface HistoryItem {
  id: string;
  line: string;
  direction: "inbound" | "outgoing";
  outcome: string;
  end: string;
  agent: string;
  agent_name: string;
  voice_message: boolean;
  time: string;
  answered_at: string | null;
  ended_at: string | null;
  log: ContactLogEntry | null;
}

export interface HistoryCursor {
  before: string;
  before_id: string;
}

export interface HistoryPage {
  number: string;
  items: HistoryItem[];
  next_before: HistoryCursor | null;
}

// A chat as the professional reads it (GET /api/v1/chats/{id} and the agent's chat feed).
export interface ChatBody {
  chat_id: string;
  line: string;
  state: "waiting" | "active" | "ended";
  agent: string | null;
  visitor: {
    name: string | null;
    connected: boolean;
    identified?: { name: string } | null;
    on_behalf?: OnBehalfOf | null; // whom the identified visitor acts for
  };
  identification_asked?: boolean;
  language: string;
  path?: string[] | null; // the clickbot titles the visitor walked
  started_at: string;
  colleagues?: string[]; // colleagues invited into the chat who write in it (agent ids)
  asked_colleague?: { agent_id: string; invite: boolean } | null;
  messages: ChatMessage[];
}
