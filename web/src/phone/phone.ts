// The professional's phone as the active-call view sees it. A call rings the professional's
// SIP desk phone and the desktop controls it through the API (DeskPhone), or it rings the
// phone in the browser (BrowserPhone, WebRTC through the Janus gateway: janus.ts), which
// answers and hangs up locally and can mute, while the call controls stay on the server.
import { post } from "../api/client";
import type { SipEvent } from "./janus";

// Whom a call is put through to: a colleague (agent), a phone's extension, a number through
// the operator's trunk, or (transfers only) a service line's queue.
export type CallTarget = { agent: string } | { extension: string } | { number: string } | { line: string };

// Typed into the target field: up to six digits is a phone's extension, anything longer a
// number (the server normalises it and the line's dial policy decides whether it may be called).
export function typedTarget(text: string): Exclude<CallTarget, { line: string }> | undefined {
  const s = text.trim();
  if (!s) return undefined;
  return /^\d{1,6}$/.test(s) ? { extension: s } : { number: s };
}

// What an API refusal of a call operation means, as a text key: the dialling rules (403),
// the call's state (409), a target without a registered phone (412).
export function refusalKey(status: number): string | undefined {
  const keys: Record<number, string> = {
    400: "call.error.invalid",
    403: "call.error.policy",
    404: "call.error.notFound",
    409: "call.error.state",
    412: "call.error.noPhone",
  };
  return keys[status];
}

// The operations of a consultation under way.
export type ConsultControl = "swap" | "cancel-consult" | "complete-transfer" | "conference";

export interface CallControls {
  hold(call: string): Promise<void>;
  resume(call: string): Promise<void>;
  hangUp(call: string): Promise<void>;
  transferToLine(call: string, line: string): Promise<void>;
  // Blind: the professional leaves at once.
  transfer(call: string, to: CallTarget): Promise<void>;
  consult(call: string, to: CallTarget): Promise<void>;
  control(call: string, what: ConsultControl): Promise<void>;
}

export interface Phone extends CallControls {
  // "desk": a SIP phone on the desk rings and is answered there.
  readonly kind: "desk" | "browser";
  // Whether the desktop itself answers offered calls (a browser phone) or the desk phone does.
  readonly answersInBrowser: boolean;
}

export class DeskPhone implements Phone {
  readonly kind = "desk" as const;
  readonly answersInBrowser = false;

  async hold(call: string): Promise<void> {
    await post(`/api/v1/calls/${encodeURIComponent(call)}/hold`);
  }
  async resume(call: string): Promise<void> {
    await post(`/api/v1/calls/${encodeURIComponent(call)}/resume`);
  }
  async hangUp(call: string): Promise<void> {
    await post(`/api/v1/calls/${encodeURIComponent(call)}/hang-up`);
  }
  async transferToLine(call: string, line: string): Promise<void> {
    await this.transfer(call, { line });
  }
  async transfer(call: string, to: CallTarget): Promise<void> {
    await post(`/api/v1/calls/${encodeURIComponent(call)}/transfer`, { to });
  }
  async consult(call: string, to: CallTarget): Promise<void> {
    await post(`/api/v1/calls/${encodeURIComponent(call)}/consult`, { to });
  }
  async control(call: string, what: ConsultControl): Promise<void> {
    await post(`/api/v1/calls/${encodeURIComponent(call)}/${what}`);
  }
}

// The browser phone's controls for the switchboard: hanging up ends the call in the browser
// (its BYE ends it on the server); everything else is the server's, as with a desk phone.
export class BrowserPhone implements Phone {
  readonly kind = "browser" as const;
  readonly answersInBrowser = true;
  private readonly api = new DeskPhone();

  // `localCall` says whether the browser holds the call's media now and hangs it up if so.
  constructor(private readonly localHangUp: () => boolean) {}

  hold(call: string) {
    return this.api.hold(call);
  }
  resume(call: string) {
    return this.api.resume(call);
  }
  async hangUp(call: string): Promise<void> {
    if (!this.localHangUp()) await this.api.hangUp(call);
  }
  transferToLine(call: string, line: string) {
    return this.api.transferToLine(call, line);
  }
  transfer(call: string, to: CallTarget) {
    return this.api.transfer(call, to);
  }
  consult(call: string, to: Exclude<CallTarget, { line: string }>) {
    return this.api.consult(call, to);
  }
  control(call: string, what: ConsultControl) {
    return this.api.control(call, what);
  }
}

// What the browser phone is doing, as the desktop shows it.
export type PhoneStatus =
  | "connecting" // asking for the credential, reaching the gateway, registering
  | "registered" // ready: calls to the professional's extension ring here
  | "unavailable" // no gateway configured or reachable, or the registration failed
  | "reconnecting" // the gateway went away (or refused the registration) after it worked: trying again
  | "ringing" // a call rings: answer or decline
  | "calling" // the browser places a call (the test caller)
  | "incall";

export interface PhoneState {
  status: PhoneStatus;
  from?: string; // who rings: the caller's SIP URI
  display?: string; // its display name (Luukku sends the service line's name)
  reason?: string; // why unavailable, or why the last call ended
  muted?: boolean;
}

// The SIP user part of a URI ("sip:+358401234567@127.0.0.1" → "+358401234567").
export function sipUser(uri: string | undefined): string {
  const m = /^sips?:([^@;>]+)/.exec(uri ?? "");
  return m ? m[1] : (uri ?? "");
}

// The next state after a gateway event: a pure function, so it is tested without a browser.
export function phoneStateAfter(state: PhoneState, e: SipEvent): PhoneState {
  switch (e.kind) {
    case "registered":
      return state.status === "connecting" || state.status === "unavailable" || state.status === "reconnecting"
        ? { status: "registered" }
        : state;
    case "unavailable":
      return { status: "unavailable", reason: e.reason };
    case "lost":
      return { status: "reconnecting", reason: e.reason };
    case "refused":
      // A call the browser places fails; the registration itself stands.
      return state.status === "calling" ? { status: "unavailable", reason: e.reason } : { ...state, reason: e.reason };
    case "incoming":
      return { status: "ringing", from: e.from, display: e.display };
    case "calling":
    case "ringing":
      return state.status === "incall" ? state : { ...state, status: "calling" };
    case "accepted":
      return { status: "incall", from: state.from, display: state.display, muted: false };
    case "ended":
      return state.status === "unavailable" ? state : { status: "registered", reason: e.reason };
  }
}

// How long the browser phone waits before its next try to reach the gateway and register
// again, after `failures` tries that failed in a row: one second, doubling up to 16 s, so a
// restarted gateway is found again soon and one that stays away is not hammered.
export function reconnectDelay(failures: number): number {
  return Math.min(16000, 1000 * 2 ** Math.min(Math.max(0, failures), 4));
}
