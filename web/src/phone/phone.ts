// The professional's phone as the active-call view sees it. Today every call rings the
// professional's SIP desk phone and the desktop controls it through the API (DeskPhone).
// A phone in the browser (WebRTC through a gateway) will be another implementation of the
// same interface: it answers and hangs up locally and adds what only it can do (mute,
// audio devices), while the call controls stay on the server.
import { post } from "../api/client";

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
