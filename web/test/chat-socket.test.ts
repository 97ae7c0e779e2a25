// The chat's socket: on every (re)connect it says hello with what the conversation has at that
// moment and resends what was not acknowledged; after a drop it waits longer each time; a close
// that says the chat is unknown stops it.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { type ChatMessage, helloFrames, type Outgoing } from "../src/chat/protocol";
import { ReconnectingSocket, type SocketStatus } from "../src/chat/socket";

class FakeSocket {
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(readonly url: string) {}
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  close() {
    this.drop(1000);
  }
}

describe("ReconnectingSocket", () => {
  let sockets: FakeSocket[];
  let statuses: SocketStatus[];
  let messages: ChatMessage[];
  let pending: Outgoing[];
  let socket: ReconnectingSocket;
  const session = { chat_id: "c-1", token: "t".repeat(43) };

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    statuses = [];
    messages = [];
    pending = [];
    socket = new ReconnectingSocket({
      url: () => "ws://127.0.0.1/api/v1/chat/connect",
      opening: () => helloFrames(session, messages, pending),
      onFrame: (f) => messages.push(f as ChatMessage),
      onStatus: (s) => statuses.push(s),
      final: (code) => code === 1008,
      random: () => 1,
      open: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s as unknown as WebSocket;
      },
    });
    socket.start();
  });
  afterEach(() => {
    socket.stop();
    vi.useRealTimers();
  });

  test("says hello with the last seq it has and resends the unacknowledged on each connect", () => {
    sockets[0].open();
    expect(sockets[0].sent).toEqual([{ type: "hello", chat_id: "c-1", token: session.token, after: 0 }]);
    sockets[0].onmessage?.({ data: JSON.stringify({ seq: 1, from: "visitor", text: "a", time: "" }) });
    pending.push({ client_id: "k", text: "not yet stored" });
    sockets[0].drop();
    vi.advanceTimersByTime(500);
    sockets[1].open();
    expect(sockets[1].sent).toEqual([
      { type: "hello", chat_id: "c-1", token: session.token, after: 1 },
      { type: "send", client_id: "k", text: "not yet stored" },
    ]);
    expect(statuses).toEqual(["open", "reconnecting", "open"]);
  });

  test("waits longer after each failed attempt and starts over once connected", () => {
    sockets[0].drop();
    vi.advanceTimersByTime(499);
    expect(sockets.length).toBe(1);
    vi.advanceTimersByTime(1);
    expect(sockets.length).toBe(2);
    sockets[1].drop();
    vi.advanceTimersByTime(999);
    expect(sockets.length).toBe(2);
    vi.advanceTimersByTime(1);
    sockets[2].open();
    sockets[2].drop();
    vi.advanceTimersByTime(500);
    expect(sockets.length).toBe(4);
  });

  test("a close saying the chat is unknown stops it for good", () => {
    sockets[0].open();
    sockets[0].drop(1008);
    vi.advanceTimersByTime(60000);
    expect(sockets.length).toBe(1);
    expect(statuses.at(-1)).toBe("stopped");
  });

  test("sends only while connected: what is not sent goes with the next hello", () => {
    expect(socket.send({ type: "typing" })).toBe(false);
    sockets[0].open();
    expect(socket.send({ type: "typing" })).toBe(true);
    expect(sockets[0].sent.at(-1)).toEqual({ type: "typing" });
  });
});
