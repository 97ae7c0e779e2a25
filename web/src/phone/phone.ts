// The professional's phone as the active-call view sees it. Today every call rings the
// professional's SIP desk phone and the desktop controls it through the API (DeskPhone).
// A phone in the browser (WebRTC through a gateway) will be another implementation of the
// same interface: it answers and hangs up locally and adds what only it can do (mute,
// audio devices), while the call controls stay on the server.
import { post } from "../api/client";

export interface CallControls {
  hold(call: string): Promise<void>;
  resume(call: string): Promise<void>;
  hangUp(call: string): Promise<void>;
  transferToLine(call: string, line: string): Promise<void>;
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
    await post(`/api/v1/calls/${encodeURIComponent(call)}/transfer`, { to: { line } });
  }
}
