// The live state both views show, and how each event changes it. The reducer is pure and
// each event sets what it says (a state, a holder) rather than counting up or down, so an
// event applied over a snapshot that already includes it changes nothing: a view loads its
// snapshots after noting the log's head, then applies every event after that head.
//
// Today's figures (offered, answered, abandoned per line) are counted from the events of
// the current day in Europe/Helsinki and only from events newer than the last one counted.
import type {
  Contact,
  ItemRef,
  LuukkuEvent,
  Presence,
  Queue,
  Task,
  WorkItem,
} from "../api/types";
import { helsinkiDay } from "./time";

// Whom an answered call connects the professional with, as the switchboard's call events say:
// talking to the caller, the caller on hold, consulting (the caller on hold, the consulted
// party ringing or talking to the professional), swapped (talking to the caller, the consulted
// party on hold) or a conference of all three.
export type TalkMode = "talking" | "held" | "consulting" | "swapped" | "conference";

// Someone a call is handed or put through to: an agent or extension under `to`, a number
// under `number` (which the feed withholds from whoever may not see personal data), a line.
export interface CallParty {
  kind: "agent" | "extension" | "number" | "line";
  to?: string;
  number?: string;
}

// The consultation under way, or the last one with how it ended ("cancelled", "hung_up",
// "busy", "rejected", "no_answer", "failed").
export interface Consultation extends CallParty {
  state: "ringing" | "answered" | "ended";
  result?: string;
}

export interface CallState {
  id: string; // the call's id is its contact's id
  held: boolean; // the caller is on hold and the professional talks to nobody (mode "held")
  phase: "dialling" | "ringing" | "answered" | "ended";
  agent?: string;
  task?: string; // outgoing calls: the callback task it is an attempt of
  failed?: string; // outgoing calls: why the number could not be reached
  mode?: TalkMode; // answered calls
  consult?: Consultation;
  // The professional handed the caller over (the call is no longer theirs), or a blind
  // transfer nobody answered (`failed`: the caller went back into the line's queue).
  transfer?: CallParty & { attended: boolean; failed?: string };
}

export interface DayCounts {
  offered: number;
  answered: number;
  abandoned: number;
}

export interface LiveState {
  seq: number; // the last event applied
  presence: Record<string, Presence>;
  contacts: Record<string, Contact>; // open contacts: waiting, offered or active
  tasks: Record<string, Task>; // open tasks
  calls: Record<string, CallState>; // live calls
  today: { day: string; lines: Record<string, DayCounts> };
}

export function emptyState(now: Date = new Date()): LiveState {
  return {
    seq: 0,
    presence: {},
    contacts: {},
    tasks: {},
    calls: {},
    today: { day: helsinkiDay(now), lines: {} },
  };
}

// ---- snapshots --------------------------------------------------------------------------

export function withPresence(state: LiveState, items: Presence[]): LiveState {
  const presence = { ...state.presence };
  for (const p of items) presence[p.agent] = p;
  return { ...state, presence };
}

export function withTasks(state: LiveState, items: Task[]): LiveState {
  const tasks = { ...state.tasks };
  for (const t of items) if (!t.end || t.end === "open") tasks[t.id] = t;
  return { ...state, tasks };
}

// The queues' waiting contacts (tasks come whole from GET /tasks).
export function withQueues(state: LiveState, queues: Queue[]): LiveState {
  const contacts = { ...state.contacts };
  for (const q of queues) {
    for (const w of q.waiting ?? []) {
      if (w.item.kind !== "contact" || contacts[w.item.id]) continue;
      contacts[w.item.id] = {
        id: w.item.id,
        routing: { line: q.line, state: "waiting", queue_time: w.created_at },
      };
    }
  }
  return { ...state, contacts };
}

// An agent's own offers and work, whole (GET /agents/{id}/work).
export function withWork(state: LiveState, items: WorkItem[]): LiveState {
  const contacts = { ...state.contacts };
  const tasks = { ...state.tasks };
  for (const w of items) {
    if (w.contact) contacts[w.contact.id] = { ...contacts[w.contact.id], ...w.contact };
    if (w.task) tasks[w.task.id] = { ...tasks[w.task.id], ...w.task };
  }
  return { ...state, contacts, tasks };
}

// A call's own events up to `upTo`, where the view's feed starts (GET /api/v1/calls/{id}/events):
// a desktop loaded in the middle of a call rebuilds whom the professional talks to, who is on
// hold and which controls apply, as if it had seen the call from its start. Later events come
// from the feed, which applies them on top.
export function withCallHistory(state: LiveState, events: LuukkuEvent[], upTo: number): LiveState {
  const calls = { ...state.calls };
  const d = { ...state, calls };
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    if (e.seq > upTo || !e.stream.startsWith("call/")) continue;
    applyCallEvent(d, e);
  }
  return d;
}

// ---- events -----------------------------------------------------------------------------

const contactEnds = new Set([
  "contact.diverted",
  "contact.rejected",
  "contact.abandoned",
  "contact.callback_requested",
  "contact.completed",
  "contact.interrupted",
]);
// The first event of every inbound contact: one of these, once.
const contactArrivals = new Set(["contact.queued", "contact.diverted", "contact.rejected"]);

// A batch of events is applied to a draft: the state's maps copied once for the whole batch
// (a burst of 1,000 events would otherwise copy every map 1,000 times), changed in place, and
// returned as the new state. Items themselves are replaced, never changed, so whatever still
// holds the old state sees it unchanged.
type Draft = LiveState;

function countToday(d: Draft, e: LuukkuEvent, line: string | undefined, what: keyof DayCounts): void {
  const day = helsinkiDay(new Date(e.time));
  if (day < d.today.day || !line) return;
  if (day > d.today.day) d.today = { day, lines: {} };
  const counts = d.today.lines[line] ?? { offered: 0, answered: 0, abandoned: 0 };
  d.today.lines[line] = { ...counts, [what]: counts[what] + 1 };
}

function setItem(d: Draft, item: ItemRef, change: (routing: Contact["routing"]) => Contact["routing"]): void {
  if (item.kind === "contact") {
    const c = d.contacts[item.id];
    if (c) d.contacts[item.id] = { ...c, routing: change(c.routing) };
  } else {
    const t = d.tasks[item.id];
    if (t) d.tasks[item.id] = { ...t, routing: change(t.routing) };
  }
}

function setTask(d: Draft, id: string, change: (t: Task) => Task): void {
  const t = d.tasks[id];
  if (t) d.tasks[id] = change(t);
}

function lineOf(d: Draft, item: ItemRef): string | undefined {
  return item.kind === "contact" ? d.contacts[item.id]?.routing.line : d.tasks[item.id]?.routing.line;
}

function backInLine(r: Contact["routing"]): Contact["routing"] {
  return { ...r, state: "waiting", agent: undefined, offer_expires_at: undefined };
}

function partyOf(data: Record<string, unknown>): CallParty {
  const kind = (data.to_kind as CallParty["kind"] | undefined) ?? "line";
  return {
    kind,
    to: (data.to as string | undefined) || undefined,
    number: (data.number as string | undefined) || undefined,
  };
}

// The consulted party hung up or never answered: a consultation the professional was in
// leaves the caller on hold; after a swap or in a conference the professional and the caller
// talk on. Cancelling always returns to the caller.
function afterConsult(mode: TalkMode | undefined, result: string): TalkMode {
  if (result !== "cancelled" && mode === "consulting") return "held";
  return "talking";
}

function applyCallEvent(d: Draft, e: LuukkuEvent): void {
  const id = e.stream.slice("call/".length);
  const call: CallState = d.calls[id] ?? { id, held: false, phase: "ringing" };
  let next: CallState | null = call;
  switch (e.type) {
    case "call.dialled":
      next = { ...call, phase: "dialling", agent: e.data.agent_id, task: e.data.task_id || undefined };
      break;
    case "call.agent_ringing":
      next = {
        ...call,
        phase: call.phase === "answered" && !call.transfer ? "answered" : "ringing",
        agent: e.data.agent_id,
        transfer: undefined,
      };
      break;
    case "call.answered":
      next = {
        ...call,
        phase: "answered",
        agent: e.data.agent_id || call.agent,
        held: false,
        mode: "talking",
        consult: undefined,
        transfer: undefined,
      };
      break;
    case "call.held":
      next = { ...call, held: true, mode: "held" };
      break;
    case "call.resumed":
      next = { ...call, held: false, mode: "talking" };
      break;
    case "call.consult_started":
      next = { ...call, held: false, mode: "consulting", consult: { ...partyOf(e.data), state: "ringing" } };
      break;
    case "call.consult_answered":
      next = call.consult ? { ...call, consult: { ...call.consult, state: "answered" } } : call;
      break;
    case "call.consult_ended": {
      const mode = afterConsult(call.mode, e.data.result);
      next = {
        ...call,
        mode,
        held: mode === "held",
        consult: { ...(call.consult ?? { kind: "agent" }), state: "ended", result: e.data.result },
      };
      break;
    }
    case "call.swapped":
      next = { ...call, held: false, mode: e.data.to === "caller" ? "swapped" : "consulting" };
      break;
    case "call.conference_started":
      next = { ...call, held: false, mode: "conference" };
      break;
    case "call.transferred":
      next = {
        ...call,
        held: false,
        phase: "ringing",
        agent: undefined,
        mode: undefined,
        consult: undefined,
        transfer: { ...partyOf(e.data), attended: !!e.data.attended },
      };
      break;
    case "call.transfer_failed":
      next = {
        ...call,
        held: false,
        phase: "ringing",
        agent: undefined,
        mode: undefined,
        consult: undefined,
        transfer: { ...(call.transfer ?? { kind: "line" }), attended: false, failed: e.data.result },
      };
      break;
    case "call.dial_failed":
      next = { ...call, failed: e.data.result };
      break;
    case "call.ended":
      next = null;
      break;
    default:
      return;
  }
  if (next) d.calls[id] = next;
  else delete d.calls[id];
}

function applyInto(d: Draft, e: LuukkuEvent): void {
  const data = e.data ?? {};
  if (e.stream.startsWith("call/")) return applyCallEvent(d, e);

  if (contactArrivals.has(e.type)) {
    const c = data.contact as Contact;
    if (c.direction !== "outgoing") countToday(d, e, c.routing?.line, "offered");
  }
  if (e.type === "contact.abandoned") countToday(d, e, (data.contact as Contact).routing?.line, "abandoned");

  switch (e.type) {
    case "presence.changed":
      d.presence[data.agent] = { ...d.presence[data.agent], agent: data.agent, state: data.state };
      return;
    case "presence.profile_changed": {
      const old = d.presence[data.agent] ?? { agent: data.agent, state: { status: "offline" } };
      d.presence[data.agent] = { ...old, profile: data.profile };
      return;
    }
    case "contact.queued":
    case "contact.dialled": {
      const c = data.contact as Contact;
      d.contacts[c.id] = { ...d.contacts[c.id], ...c };
      return;
    }
    case "contact.transferred":
      return setItem(d, data.item, (r) => ({ ...backInLine(r), line: data.line_id }));
    // A chat handed to a colleague who accepted it: still answered, now theirs.
    case "contact.handed_over":
      return setItem(d, data.item, (r) => ({ ...r, agent: data.to_agent }));
    case "task.created": {
      const t = data.task as Task;
      d.tasks[t.id] = { ...d.tasks[t.id], ...t };
      return;
    }
    case "task.contact_added":
      return setTask(d, data.task_id, (t) => ({
        ...t,
        contact_count: (t.contact_count ?? 1) + 1,
        last_contact_at: data.at,
        voice_message: data.voice_message || t.voice_message,
        requester_name: data.requester_name || t.requester_name,
        description: data.description
          ? t.description
            ? `${t.description}\n\n${data.description}`
            : data.description
          : t.description,
      }));
    case "task.claimed":
      return setTask(d, data.task_id, (t) => ({
        ...t,
        routing: { ...t.routing, state: "active", agent: data.agent, accepted_at: data.at, offer_expires_at: undefined },
      }));
    case "task.released":
    case "task.requeued":
      return setTask(d, data.task_id, (t) => ({ ...t, routing: backInLine(t.routing) }));
    case "task.attempt_recorded":
      return setTask(d, data.task_id, (t) => {
        // Each attempt once, however often the event is applied.
        const attempts = t.attempts ?? [];
        const seen = attempts.some((a) => a.at === data.attempt.at && a.outcome === data.attempt.outcome);
        const parked = !!data.next_attempt_at;
        return {
          ...t,
          attempts: seen ? attempts : [...attempts, data.attempt],
          next_attempt_at: data.next_attempt_at ?? t.next_attempt_at,
          routing: parked ? { ...t.routing, state: "parked", agent: undefined } : t.routing,
        };
      });
    case "task.escalated":
      return setTask(d, data.task_id, (t) => ({ ...t, escalated: true }));
    case "task.rescheduled":
      return setTask(d, data.task_id, (t) => ({
        ...t,
        due_at: data.due_at,
        escalate_at: data.escalate_at,
        escalated: data.escalated,
        next_attempt_at: data.not_before ?? t.next_attempt_at,
        routing: data.not_before ? { ...t.routing, state: "parked", agent: undefined } : t.routing,
      }));
    case "task.completed":
    case "task.unreachable":
      delete d.tasks[(data.task as Task).id];
      return;
    case "offer.made":
      return setItem(d, data.item, (r) => ({ ...r, state: "offered", agent: data.agent, offer_expires_at: data.expires_at }));
    case "offer.accepted":
      if (data.item.kind === "contact") countToday(d, e, lineOf(d, data.item), "answered");
      return setItem(d, data.item, (r) => ({
        ...r,
        state: "active",
        agent: data.agent,
        accepted_at: data.at,
        offer_expires_at: undefined,
      }));
    case "offer.declined":
    case "offer.expired":
    case "offer.withdrawn":
      return setItem(d, data.item, backInLine);
    default:
      if (contactEnds.has(e.type)) delete d.contacts[(data.contact as Contact).id];
  }
}

// Applies the events newer than the state's last; the state itself is left as it was.
export function applyEvents(state: LiveState, events: LuukkuEvent[]): LiveState {
  if (!events.some((e) => e.seq > state.seq)) return state;
  const d: Draft = {
    seq: state.seq,
    presence: { ...state.presence },
    contacts: { ...state.contacts },
    tasks: { ...state.tasks },
    calls: { ...state.calls },
    today: { day: state.today.day, lines: { ...state.today.lines } },
  };
  for (const e of events) {
    if (e.seq <= d.seq) continue;
    applyInto(d, e);
    d.seq = e.seq;
  }
  return d;
}

export function applyEvent(state: LiveState, e: LuukkuEvent): LiveState {
  return applyEvents(state, [e]);
}

// ---- what the views show ----------------------------------------------------------------

export interface Offer {
  item: ItemRef;
  line: string;
  expiresAt?: string;
  contact?: Contact;
  task?: Task;
}

export function offersTo(state: LiveState, agent: string): Offer[] {
  const out: Offer[] = [];
  for (const c of Object.values(state.contacts)) {
    if (c.routing.state === "offered" && c.routing.agent === agent) {
      out.push({ item: { kind: "contact", id: c.id }, line: c.routing.line, expiresAt: c.routing.offer_expires_at, contact: c });
    }
  }
  for (const t of Object.values(state.tasks)) {
    if (t.routing.state === "offered" && t.routing.agent === agent) {
      out.push({ item: { kind: "task", id: t.id }, line: t.routing.line, expiresAt: t.routing.offer_expires_at, task: t });
    }
  }
  return out;
}

export function activeContactsOf(state: LiveState, agent: string): Contact[] {
  return Object.values(state.contacts).filter((c) => c.routing.state === "active" && c.routing.agent === agent);
}

export function heldTasksOf(state: LiveState, agent: string): Task[] {
  return Object.values(state.tasks).filter((t) => t.routing.state === "active" && t.routing.agent === agent);
}

// The agent's live call (outgoing calls are found by their agent before a contact exists).
// A call still only offered (ringing the agent's phone) is not theirs yet: the offer shows it;
// a call they handed over is no longer theirs, whatever the contact's routing says yet.
export function callOf(state: LiveState, agent: string): CallState | undefined {
  for (const c of activeContactsOf(state, agent)) {
    const call = state.calls[c.id];
    if (call) return call.transfer ? undefined : call;
  }
  return Object.values(state.calls).find(
    (c) =>
      c.agent === agent &&
      !c.transfer &&
      (!state.contacts[c.id] || state.contacts[c.id].routing.state === "active"),
  );
}

// What the active call's view shows and offers: whom the professional talks to, who is on
// hold, and which switchboard operations the call's present state allows (the same rules
// the server applies; it answers 409 to anything else).
export interface SwitchboardView {
  talkingTo: "caller" | "consulted" | "both" | "nobody";
  onHold: ("caller" | "consulted")[];
  consult?: Consultation;
  can: {
    hold: boolean;
    resume: boolean;
    consult: boolean;
    transfer: boolean;
    swap: boolean;
    cancelConsult: boolean;
    completeTransfer: boolean;
    conference: boolean;
  };
}

export function switchboardView(call: CallState): SwitchboardView {
  const answered = call.phase === "answered";
  const mode: TalkMode | undefined = answered ? (call.mode ?? (call.held ? "held" : "talking")) : undefined;
  const consult = call.consult;
  const inConsult = consult !== undefined && consult.state !== "ended";
  const consultAnswered = inConsult && consult.state === "answered";
  const consulting = mode === "consulting" || mode === "swapped" || mode === "conference";
  let talkingTo: SwitchboardView["talkingTo"] = "nobody";
  let onHold: SwitchboardView["onHold"] = [];
  if (mode === "talking") talkingTo = "caller";
  else if (mode === "held") onHold = ["caller"];
  else if (mode === "consulting") {
    talkingTo = consultAnswered ? "consulted" : "nobody";
    onHold = ["caller"];
  } else if (mode === "swapped") {
    talkingTo = "caller";
    onHold = ["consulted"];
  } else if (mode === "conference") talkingTo = "both";
  return {
    talkingTo,
    onHold,
    consult,
    can: {
      hold: mode === "talking",
      resume: mode === "held",
      consult: mode === "talking" || mode === "held",
      transfer: mode === "talking" || mode === "held",
      swap: consultAnswered && (mode === "consulting" || mode === "swapped"),
      cancelConsult: inConsult && consulting,
      completeTransfer: consultAnswered && consulting,
      conference: consultAnswered && (mode === "consulting" || mode === "swapped"),
    },
  };
}

export interface LineFigures {
  line: string;
  waiting: number; // calls waiting for an answer (waiting or being offered)
  longestSince?: string; // queue time of the one waiting longest
  openTasks: number;
  overdueTasks: number;
  nextDue?: string;
  today: DayCounts;
}

export function lineFigures(state: LiveState, lines: string[], now: Date): LineFigures[] {
  const by = new Map<string, LineFigures>();
  for (const line of lines) {
    by.set(line, {
      line,
      waiting: 0,
      openTasks: 0,
      overdueTasks: 0,
      today: state.today.lines[line] ?? { offered: 0, answered: 0, abandoned: 0 },
    });
  }
  if (helsinkiDay(now) !== state.today.day) {
    for (const f of by.values()) f.today = { offered: 0, answered: 0, abandoned: 0 };
  }
  for (const c of Object.values(state.contacts)) {
    const f = by.get(c.routing.line);
    if (!f || (c.routing.state !== "waiting" && c.routing.state !== "offered")) continue;
    f.waiting += 1;
    const since = c.routing.queue_time ?? c.routing.created_at;
    if (since && (!f.longestSince || since < f.longestSince)) f.longestSince = since;
  }
  for (const t of Object.values(state.tasks)) {
    const f = by.get(t.routing.line);
    if (!f) continue;
    f.openTasks += 1;
    if (t.due_at && new Date(t.due_at) < now) f.overdueTasks += 1;
    if (t.due_at && (!f.nextDue || t.due_at < f.nextDue)) f.nextDue = t.due_at;
  }
  return [...by.values()];
}
