import { describe, expect, it } from "vitest";
import {
  acknowledged,
  checkText,
  type ChatMessage,
  helloFrames,
  lastSeq,
  reconnectDelay,
  typingDue,
  unreadFrom,
  withMessages,
} from "../src/chat/protocol";
import {
  initialVisitorState,
  parseStoredChat,
  professionalTyping,
  visitorReduce,
  visitorSend,
  type ServerFrame,
} from "../src/chat/visitor";
import type { ChatBody } from "../src/api/types";
import {
  type ChatFeedFrame,
  chatCompleted,
  chatRead,
  chatRefused,
  chatSending,
  chatSent,
  chatsReduce,
  chatTabs,
  emptyChats,
  unreadOf,
} from "../src/state/chats";

const msg = (seq: number, from: ChatMessage["from"] = "visitor", client_id?: string): ChatMessage => ({
  seq,
  from,
  text: `m${seq}`,
  time: "2026-12-01T10:00:00Z",
  ...(client_id ? { client_id } : {}),
});
const session = { chat_id: "c-1", token: "t".repeat(43) };

describe("the conversation", () => {
  it("keeps messages in seq order whatever order they arrive in", () => {
    expect(withMessages([], [msg(2), msg(1), msg(3)]).map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("shows a message replayed after a reconnect once", () => {
    const once = withMessages([], [msg(1), msg(2)]);
    expect(withMessages(once, [msg(1), msg(2), msg(3)]).map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("asks after a reconnect from the last seq without a gap before it", () => {
    expect(lastSeq([])).toBe(0);
    expect(lastSeq([msg(1), msg(2), msg(3)])).toBe(3);
    expect(lastSeq([msg(1), msg(2), msg(4)])).toBe(2);
  });

  it("counts the counterpart's messages past the read mark as unread", () => {
    const m = [msg(1, "visitor"), msg(2, "professional"), msg(3, "visitor"), msg(4, "visitor")];
    expect(unreadFrom(m, "visitor", 1)).toBe(2);
    expect(unreadFrom(m, "visitor", 4)).toBe(0);
  });
});

describe("sending and resending", () => {
  it("a stored message acknowledges the pending one with its client_id only", () => {
    const pending = [
      { client_id: "a", text: "one" },
      { client_id: "b", text: "two" },
    ];
    expect(acknowledged(pending, msg(5, "visitor", "a"))).toEqual([{ client_id: "b", text: "two" }]);
    expect(acknowledged(pending, msg(6, "professional"))).toBe(pending);
  });

  it("a reconnect says hello with the last seq and resends the unacknowledged with their client_ids", () => {
    const frames = helloFrames(session, [msg(1), msg(2, "professional")], [{ client_id: "x", text: "still here?" }]);
    expect(frames).toEqual([
      { type: "hello", chat_id: "c-1", token: session.token, after: 2 },
      { type: "send", client_id: "x", text: "still here?" },
    ]);
  });

  it("a reload says hello from the start so that the whole conversation comes again", () => {
    expect(helloFrames(session, [], [])).toEqual([{ type: "hello", chat_id: "c-1", token: session.token, after: 0 }]);
  });

  it("waits longer after each failed attempt, up to ten seconds, spread by chance", () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((a) => reconnectDelay(a, 1))).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
    expect(reconnectDelay(0, 0)).toBe(250);
    expect(reconnectDelay(10, 0)).toBe(5000);
  });

  it("refuses empty and too long text and trims the rest", () => {
    expect(checkText("  \n ")).toEqual({ error: "empty" });
    expect(checkText("ä".repeat(2001))).toEqual({ error: "too_long" });
    expect(checkText("😀".repeat(2000))).toEqual({ text: "😀".repeat(2000) });
    expect(checkText("  hei  ")).toEqual({ text: "hei" });
  });

  it("sends a typing note at most every two seconds", () => {
    expect(typingDue(null, 1000)).toBe(true);
    expect(typingDue(1000, 2999)).toBe(false);
    expect(typingDue(1000, 3000)).toBe(true);
  });
});

describe("the visitor's state", () => {
  const reduce = (frames: ServerFrame[], s = initialVisitorState(), now = 0) => frames.reduce((st, f) => visitorReduce(st, f, now), s);

  it("waits with its position and estimate until a professional joins", () => {
    const s = reduce([
      { type: "welcome", chat_id: "c-1", state: "waiting", professional: null },
      { type: "queue", position: 2, estimated_wait_s: 90 },
    ]);
    expect([s.phase, s.position, s.estimatedWaitS]).toEqual(["waiting", 2, 90]);
    const joined = reduce([{ type: "joined", professional: { name: "Aino" } }], s);
    expect([joined.phase, joined.professional, joined.position]).toEqual(["active", "Aino", null]);
  });

  it("a message sent before a drop and stored by then is shown once and no longer pending", () => {
    let s = visitorSend(initialVisitorState(), { client_id: "x", text: "m1" });
    s = reduce([{ type: "message", ...msg(1, "visitor", "x") }], s);
    // The reconnect replays it, and the server answers the resend with the same stored message.
    s = reduce([{ type: "message", ...msg(1, "visitor", "x") }, { type: "message", ...msg(1, "visitor", "x") }], s);
    expect(s.messages.map((m) => m.seq)).toEqual([1]);
    expect(s.pending).toEqual([]);
  });

  it("a refused message leaves the pending ones and says why", () => {
    let s = visitorSend(initialVisitorState(), { client_id: "x", text: "a" });
    s = visitorSend(s, { client_id: "y", text: "b" });
    s = reduce([{ type: "error", client_id: "x", code: "rate_limited" }], s);
    expect(s.pending.map((p) => p.client_id)).toEqual(["y"]);
    expect(s.refused).toEqual([{ client_id: "x", text: "a", code: "rate_limited" }]);
  });

  it("shows the professional typing for a while, and not once their message came", () => {
    const s = reduce([{ type: "typing", from: "professional" }], initialVisitorState(), 1000);
    expect(professionalTyping(s, 3000)).toBe(true);
    expect(professionalTyping(s, 7000)).toBe(false);
    expect(professionalTyping(visitorReduce(s, { type: "message", ...msg(1, "professional") }, 1500), 1500)).toBe(false);
  });

  it("keeps the highest read mark", () => {
    const s = reduce([
      { type: "read", by: "professional", up_to: 4 },
      { type: "read", by: "professional", up_to: 2 },
    ]);
    expect(s.readUpTo).toBe(4);
  });

  it("ends, dropping what can no longer be sent", () => {
    const s = reduce([{ type: "ended", by: "professional", reason: "done" }], visitorSend(initialVisitorState(), { client_id: "x", text: "late" }));
    expect([s.phase, s.endedBy, s.pending.length]).toEqual(["ended", "professional", 0]);
  });

  it("is asked to identify, then shows whom they identified as", () => {
    const asked = reduce([{ type: "identification_asked" }]);
    expect([asked.identificationAsked, asked.identified]).toEqual([true, null]);
    expect(reduce([{ type: "identified", name: "Aino Asiakas" }], asked).identified).toBe("Aino Asiakas");
  });

  it("a reconnect's welcome brings back the request and the identification", () => {
    const s = reduce([
      { type: "welcome", chat_id: "c-1", state: "active", professional: { name: "Sanna" }, identified: { name: "Aino" }, identification_asked: true },
    ]);
    expect([s.identified, s.identificationAsked]).toEqual(["Aino", true]);
  });

  it("shows whom the visitor acts for, told live or in a reconnect's welcome", () => {
    const told = reduce([{ type: "on_behalf", name: "Lilja", basis: "guardian" }]);
    expect(told.onBehalf).toEqual({ name: "Lilja", basis: "guardian" });
    const welcomed = reduce([
      { type: "welcome", chat_id: "c-1", state: "active", professional: null, identified: { name: "Matti" }, on_behalf: { name: "Elsa", basis: "mandate" }, on_behalf_offered: true },
    ]);
    expect([welcomed.onBehalf?.name, welcomed.onBehalfOffered]).toEqual(["Elsa", true]);
  });

  it("reads back what the page kept over a reload, and nothing from a broken entry", () => {
    const kept = { chat_id: "c-1", token: session.token, language: "sv", pending: [{ client_id: "x", text: "hej" }, { bad: 1 }] };
    expect(parseStoredChat(JSON.stringify(kept))).toEqual({ ...kept, pending: [{ client_id: "x", text: "hej" }] });
    expect(parseStoredChat("{")).toBeNull();
    expect(parseStoredChat(JSON.stringify({ chat_id: 1 }))).toBeNull();
  });
});

describe("the professional's chats", () => {
  const body = (id: string, messages: ChatMessage[], state: ChatBody["state"] = "active"): ChatBody => ({
    chat_id: id,
    line: "chat",
    state,
    agent: "a1",
    visitor: { name: "Maija", connected: true },
    language: "fi",
    started_at: "2026-12-01T10:00:00Z",
    messages,
  });
  const feed = (frames: ChatFeedFrame[], s = emptyChats, now = 0) => frames.reduce((st, f) => chatsReduce(st, f, now), s);

  it("opens a tab for each chat in the order they came, and a chat sent whole again keeps its place", () => {
    const s = feed([
      { type: "chat", chat: body("c-1", [msg(1)]) },
      { type: "chat", chat: body("c-2", []) },
      { type: "chat", chat: body("c-1", [msg(1), msg(2)]) },
    ]);
    expect(chatTabs(s).map((c) => c.id)).toEqual(["c-1", "c-2"]);
    expect(s.chats["c-1"].messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it("keeps the clickbot path the visitor walked, and none for a visitor who came straight", () => {
    const s = feed([
      { type: "chat", chat: { ...body("c-1", []), path: ["Oireet", "Hengitystieoireet"] } },
      { type: "chat", chat: body("c-2", []) },
    ]);
    expect(s.chats["c-1"].path).toEqual(["Oireet", "Hengitystieoireet"]);
    expect(s.chats["c-2"].path).toBeNull();
  });

  it("counts the visitor's messages not yet read, and none once read", () => {
    let s = feed([
      { type: "chat", chat: body("c-1", [msg(1)]) },
      { type: "message", chat_id: "c-1", ...msg(2, "professional") },
      { type: "message", chat_id: "c-1", ...msg(3) },
    ]);
    expect(unreadOf(s.chats["c-1"])).toBe(2);
    s = chatRead(s, "c-1", 3);
    expect(unreadOf(s.chats["c-1"])).toBe(0);
  });

  it("a message the POST and the feed both bring shows once and is no longer pending", () => {
    let s = chatSending(feed([{ type: "chat", chat: body("c-1", []) }]), "c-1", { client_id: "k", text: "m1" });
    s = chatSent(s, "c-1", msg(1, "professional", "k"));
    s = feed([{ type: "message", chat_id: "c-1", ...msg(1, "professional", "k") }], s);
    expect(s.chats["c-1"].messages.length).toBe(1);
    expect(s.chats["c-1"].pending).toEqual([]);
  });

  it("a pending message stored before a feed reconnect is acknowledged by the chat sent whole", () => {
    let s = chatSending(feed([{ type: "chat", chat: body("c-1", []) }]), "c-1", { client_id: "k", text: "m1" });
    s = feed([{ type: "chat", chat: body("c-1", [msg(1, "professional", "k")]) }], s);
    expect(s.chats["c-1"].pending).toEqual([]);
  });

  it("an ended chat stays until completed, and a late frame does not bring it back", () => {
    let s = feed([
      { type: "chat", chat: body("c-1", []) },
      { type: "ended", chat_id: "c-1", by: "visitor" },
    ]);
    expect([s.chats["c-1"].state, s.chats["c-1"].endedBy]).toEqual(["ended", "visitor"]);
    s = chatCompleted(s, "c-1");
    s = feed([{ type: "chat", chat: body("c-1", [], "ended") }], s);
    expect(chatTabs(s)).toEqual([]);
  });

  it("follows the visitor's connection, typing and read marks", () => {
    const s = feed(
      [
        { type: "chat", chat: body("c-1", []) },
        { type: "visitor", chat_id: "c-1", connected: false },
        { type: "typing", chat_id: "c-1", from: "visitor" },
        { type: "read", chat_id: "c-1", by: "visitor", up_to: 5 },
      ],
      emptyChats,
      42,
    );
    expect([s.chats["c-1"].connected, s.chats["c-1"].visitorTypingAt, s.chats["c-1"].visitorReadUpTo]).toEqual([false, 42, 5]);
  });

  it("follows the request to identify and the identification, also in a chat sent whole", () => {
    let s = feed([
      { type: "chat", chat: body("c-1", []) },
      { type: "identification_asked", chat_id: "c-1" },
    ]);
    expect([s.chats["c-1"].identificationAsked, s.chats["c-1"].identified]).toEqual([true, null]);
    s = feed([{ type: "identified", chat_id: "c-1", name: "Aino Asiakas" }], s);
    expect(s.chats["c-1"].identified).toBe("Aino Asiakas");
    const whole = { ...body("c-2", []), visitor: { name: null, connected: true, identified: { name: "Eero" } }, identification_asked: true };
    s = feed([{ type: "chat", chat: whole }], s);
    expect([s.chats["c-2"].identified, s.chats["c-2"].identificationAsked]).toEqual(["Eero", true]);
  });

  it("follows whom the visitor acts for, also in a chat sent whole", () => {
    let s = feed([{ type: "chat", chat: body("c-1", []) }]);
    expect(s.chats["c-1"].onBehalf).toBeNull();
    s = feed([{ type: "on_behalf", chat_id: "c-1", name: "Lilja", basis: "guardian" }], s);
    expect(s.chats["c-1"].onBehalf).toEqual({ name: "Lilja", basis: "guardian" });
    const whole = { ...body("c-2", []), visitor: { name: null, connected: true, identified: { name: "Maija" }, on_behalf: { name: "Elsa", basis: "mandate" as const } } };
    s = feed([{ type: "chat", chat: whole }], s);
    expect(s.chats["c-2"].onBehalf).toEqual({ name: "Elsa", basis: "mandate" });
  });

  it("a refused message leaves the pending ones with why", () => {
    let s = chatSending(feed([{ type: "chat", chat: body("c-1", []) }]), "c-1", { client_id: "k", text: "late" });
    s = chatRefused(s, "c-1", "k", "ended");
    expect(s.chats["c-1"].pending).toEqual([]);
    expect(s.chats["c-1"].failed).toEqual([{ client_id: "k", text: "late", code: "ended" }]);
  });
});
