// The SIP side of the browser phone: a session with Janus (the WebRTC-SIP gateway) and its SIP
// plugin. Loaded only when a browser phone is used (import("./janus")), so the desktop's first
// load does not carry janus.js and its WebRTC adapter.
//
// One SipLine is one SIP identity in the gateway: a professional's extension registered with the
// session credential Luukku issued (register), or a guest that only places calls (the test
// caller). What happens comes back through `onEvent`; audio from the far end plays in an audio
// element of the line's own.
import Janus from "janus-gateway";
import adapter from "webrtc-adapter";

export interface PhoneCredential {
  extension: string;
  username: string;
  secret: string;
  expires_at: string;
  domain: string;
  proxy: string;
  janus_url: string;
}

export type SipEvent =
  | { kind: "registered" }
  | { kind: "unavailable"; reason: string }
  | { kind: "lost"; reason: string } // the connection to the gateway dropped after it was made
  | { kind: "refused"; reason: string } // a request after the registration (a call) was refused
  | { kind: "incoming"; from: string; display: string }
  | { kind: "calling" }
  | { kind: "ringing" }
  | { kind: "accepted" }
  | { kind: "ended"; reason: string };

// The parts of janus.js used here (its bundled typings lag behind the 1.x API).
interface Handle {
  send(p: { message: Record<string, unknown>; jsep?: unknown }): void;
  createOffer(p: { tracks: unknown[]; success: (jsep: unknown) => void; error: (e: unknown) => void }): void;
  createAnswer(p: { jsep: unknown; tracks: unknown[]; success: (jsep: unknown) => void; error: (e: unknown) => void }): void;
  handleRemoteJsep(p: { jsep: unknown; error?: (e: unknown) => void }): void;
  hangup(sendRequest?: boolean): void;
  muteAudio(): void;
  unmuteAudio(): void;
  isAudioMuted(): boolean;
}
interface Session {
  attach(options: Record<string, unknown>): void;
  destroy(options: Record<string, unknown>): void;
}
const J = Janus as unknown as {
  init(o: { debug: boolean | string[]; dependencies: unknown; callback: () => void }): void;
  useDefaultDependencies(deps: { adapter: unknown }): unknown;
  isWebrtcSupported(): boolean;
  new (o: Record<string, unknown>): Session;
};

let initialised: Promise<void> | undefined;
function init(): Promise<void> {
  // janus.js's module build expects the WebRTC adapter to be handed to it.
  initialised ??= new Promise((resolve) =>
    J.init({ debug: ["error"], dependencies: J.useDefaultDependencies({ adapter }), callback: resolve }),
  );
  return initialised;
}

const AUDIO_ONLY = [{ type: "audio", capture: true, recv: true }];

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === "object" && e && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}

export class SipLine {
  private session?: Session;
  private handle?: Handle;
  private offer?: unknown; // an incoming call's SDP, until answered or declined
  private readonly audio = new Audio();
  private closed = false;
  private registered = false;

  constructor(private readonly onEvent: (e: SipEvent) => void) {
    this.audio.autoplay = true;
  }

  // Connects to the gateway and attaches its SIP plugin.
  private async connect(url: string): Promise<Handle> {
    await init();
    if (!J.isWebrtcSupported()) throw new Error("WebRTC is not supported by this browser");
    return new Promise<Handle>((resolve, reject) => {
      let connected = false;
      const session = new J({
        server: url,
        success: () => {
          connected = true;
          session.attach({
            plugin: "janus.plugin.sip",
            success: (h: Handle) => resolve(h),
            error: (e: unknown) => reject(new Error(describe(e))),
            onmessage: (msg: { result?: Record<string, unknown>; error?: string }, jsep?: unknown) => this.message(msg, jsep),
            onremotetrack: (track: MediaStreamTrack, _mid: string, on: boolean) => {
              if (track.kind !== "audio") return;
              this.audio.srcObject = on ? new MediaStream([track]) : null;
              if (on) void this.audio.play().catch(() => undefined);
            },
            oncleanup: () => {
              this.audio.srcObject = null;
            },
          });
        },
        // Before the session exists: the gateway cannot be reached. After: it went away (the
        // WebSocket closed), and with it the registration and any call.
        error: (e: unknown) => {
          if (!connected) reject(new Error(describe(e)));
          else if (!this.closed) this.onEvent({ kind: "lost", reason: describe(e) });
        },
        destroyed: () => undefined,
      });
      this.session = session;
    });
  }

  private message(msg: { result?: Record<string, unknown>; error?: string }, jsep?: unknown) {
    if (msg.error) {
      // Before the registration it failed; after it, a call could not be made or answered.
      this.onEvent({ kind: this.registered ? "refused" : "unavailable", reason: msg.error });
      return;
    }
    const r = msg.result ?? {};
    switch (r.event) {
      case "registered":
        this.registered = true;
        this.onEvent({ kind: "registered" });
        break;
      case "registration_failed":
        this.onEvent({ kind: "unavailable", reason: `${r.code ?? ""} ${r.reason ?? ""}`.trim() });
        break;
      case "incomingcall":
        this.offer = jsep;
        // The display name comes as the From header has it, quoted.
        this.onEvent({ kind: "incoming", from: String(r.username ?? ""), display: String(r.displayname ?? "").replace(/^"(.*)"$/, "$1") });
        break;
      case "calling":
        this.onEvent({ kind: "calling" });
        break;
      case "ringing":
      case "proceeding":
      case "progress":
        if (jsep) this.handle?.handleRemoteJsep({ jsep });
        this.onEvent({ kind: "ringing" });
        break;
      case "accepted":
        if (jsep) this.handle?.handleRemoteJsep({ jsep });
        this.onEvent({ kind: "accepted" });
        break;
      case "hangup":
        this.offer = undefined;
        this.handle?.hangup(false);
        this.onEvent({ kind: "ended", reason: String(r.reason ?? "") });
        break;
    }
  }

  // Registers the professional's extension with the session's credential.
  async register(c: PhoneCredential): Promise<void> {
    this.handle = await this.connect(c.janus_url);
    this.handle.send({
      message: {
        request: "register",
        username: `sip:${c.extension}@${c.domain}`,
        authuser: c.username,
        secret: c.secret,
        proxy: c.proxy,
      },
    });
  }

  // A caller with no registration (the test caller): `from` is the number it calls from.
  async callAsGuest(url: string, proxy: string, domain: string, from: string, to: string): Promise<void> {
    this.handle = await this.connect(url);
    const handle = this.handle;
    handle.send({ message: { request: "register", type: "guest", username: `sip:${from}@${domain}`, proxy } });
    await new Promise<void>((resolve, reject) =>
      handle.createOffer({
        tracks: AUDIO_ONLY,
        success: (jsep) => {
          handle.send({ message: { request: "call", uri: `sip:${to}@${proxy.replace(/^sip:/, "")}` }, jsep });
          resolve();
        },
        error: (e) => reject(new Error(describe(e))),
      }),
    );
  }

  // Answers the call that rings, with the microphone.
  answer(): Promise<void> {
    const handle = this.handle;
    const offer = this.offer;
    if (!handle || !offer) return Promise.resolve();
    this.offer = undefined;
    return new Promise((resolve, reject) =>
      handle.createAnswer({
        jsep: offer,
        tracks: AUDIO_ONLY,
        success: (jsep) => {
          handle.send({ message: { request: "accept" }, jsep });
          resolve();
        },
        error: (e) => {
          handle.send({ message: { request: "decline", code: 480 } });
          reject(new Error(describe(e)));
        },
      }),
    );
  }

  decline(): void {
    this.offer = undefined;
    this.handle?.send({ message: { request: "decline", code: 603 } });
  }

  hangUp(): void {
    this.handle?.send({ message: { request: "hangup" } });
    this.handle?.hangup(false);
  }

  setMuted(muted: boolean): void {
    if (muted) this.handle?.muteAudio();
    else this.handle?.unmuteAudio();
  }

  // Leaves the gateway: the registration ends with the session. After the connection was lost
  // this only lets go of the browser's side (its peer connection, the microphone).
  close(): void {
    this.closed = true;
    this.audio.srcObject = null;
    this.session?.destroy({ unload: false, notifyDestroyed: false, cleanupHandles: true });
  }
}
