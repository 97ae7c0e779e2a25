// A WebSocket that comes back: on every (re)connect it sends the frames `opening()` gives at
// that moment (the visitor's hello with `after` and the resends), and after a drop it waits
// reconnectDelay() before the next attempt. A close the server means as final (`final(code)`,
// such as 1008 "unknown chat" or 1000 after the chat ended) stops it.
import { reconnectDelay } from "./protocol";

const OPEN = 1; // WebSocket.OPEN

export type SocketStatus = "connecting" | "open" | "reconnecting" | "stopped";

export interface ReconnectingSocketOptions {
  url: () => string;
  opening: () => unknown[];
  onFrame: (frame: unknown) => void;
  onStatus: (status: SocketStatus, closeCode?: number) => void;
  final?: (code: number) => boolean;
  // For tests: how to open a socket and how to wait.
  open?: (url: string) => WebSocket;
  random?: () => number;
}

export class ReconnectingSocket {
  private socket: WebSocket | null = null;
  private stopped = false;
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly o: ReconnectingSocketOptions) {}

  start(): void {
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.socket?.close(1000);
    this.socket = null;
  }

  // Sends now if connected; otherwise the frame is for `opening()` to send again.
  send(frame: unknown): boolean {
    if (this.socket?.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  get connected(): boolean {
    return this.socket?.readyState === OPEN;
  }

  private connect(): void {
    if (this.stopped) return;
    const socket = (this.o.open ?? ((u: string) => new WebSocket(u)))(this.o.url());
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      for (const f of this.o.opening()) socket.send(JSON.stringify(f));
      this.o.onStatus("open");
    };
    socket.onmessage = (m: MessageEvent) => {
      let frame: unknown;
      try {
        frame = JSON.parse(String(m.data));
      } catch {
        return;
      }
      this.o.onFrame(frame);
    };
    socket.onclose = (e: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (this.o.final?.(e.code)) {
        this.stopped = true;
        this.o.onStatus("stopped", e.code);
        return;
      }
      this.o.onStatus("reconnecting", e.code);
      const delay = reconnectDelay(this.attempt, (this.o.random ?? Math.random)());
      this.attempt += 1;
      this.retry = setTimeout(() => this.connect(), delay);
    };
  }
}

// ws: or wss: to this page's own server.
export function socketUrl(path: string): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${path}`;
}
