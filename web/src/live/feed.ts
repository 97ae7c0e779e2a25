// The live event feed over a WebSocket (GET /api/v1/events with Upgrade). It resumes with
// after=<last seq seen> on every reconnect, so nothing is lost or applied twice, and it says
// how fresh it is: a view shows "reconnecting" at once and "stale" once the feed has been
// down for longer than staleAfterMs — it never shows old figures as if they were live.
import type { LuukkuEvent } from "../api/types";

export type FeedStatus = "connecting" | "live" | "reconnecting" | "stale";

export interface FeedOptions {
  after: number; // replay every event after this seq first
  personal?: boolean;
  onEvents: (events: LuukkuEvent[]) => void;
  onStatus: (status: FeedStatus, since: number) => void;
  staleAfterMs?: number;
  // For tests: how to open a socket.
  open?: (url: string) => WebSocket;
}

export class EventFeed {
  private socket: WebSocket | null = null;
  private lastSeq: number;
  private closed = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private staleTimer: ReturnType<typeof setTimeout> | null = null;
  private flushScheduled = false;
  private pending: LuukkuEvent[] = [];
  private downSince = Date.now();
  private status: FeedStatus = "connecting";

  constructor(private readonly options: FeedOptions) {
    this.lastSeq = options.after;
  }

  start(): void {
    this.connect();
  }

  stop(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.socket?.close(1000);
    this.socket = null;
  }

  get seq(): number {
    return this.lastSeq;
  }

  private setStatus(status: FeedStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus(status, this.downSince);
  }

  private url(): string {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const personal = this.options.personal ? "&personal=true" : "";
    return `${scheme}//${location.host}/api/v1/events?after=${this.lastSeq}${personal}`;
  }

  private connect(): void {
    if (this.closed) return;
    const socket = (this.options.open ?? ((u: string) => new WebSocket(u)))(this.url());
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      if (this.staleTimer) clearTimeout(this.staleTimer);
      this.setStatus("live");
    };
    socket.onmessage = (m: MessageEvent) => {
      const event = JSON.parse(String(m.data)) as LuukkuEvent;
      if (event.seq <= this.lastSeq) return; // already applied
      this.lastSeq = event.seq;
      this.pending.push(event);
      // A replay or a burst arrives as many messages: hand them over together, once a frame.
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        queueMicrotask(() => this.flush());
      }
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closed) return;
      this.flush();
      if (this.status === "live" || this.status === "connecting") {
        this.downSince = Date.now();
        this.setStatus("reconnecting");
        this.staleTimer = setTimeout(() => this.setStatus("stale"), this.options.staleAfterMs ?? 5000);
      }
      // 0.5 s, 1 s, 2 s ... up to 10 s between attempts.
      const delay = Math.min(10000, 500 * 2 ** Math.min(this.attempt, 5));
      this.attempt += 1;
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.options.onEvents(batch);
  }
}

// What a view shows: a feed that is open but still replaying the events up to `replayTo` (the
// log's head when the view loaded) is catching up, not live — the figures are not yet whole.
export function shownStatus(status: FeedStatus, seq: number, replayTo: number): FeedStatus {
  return status === "live" && seq < replayTo ? "connecting" : status;
}
