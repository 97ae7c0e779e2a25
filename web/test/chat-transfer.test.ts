// Handing a chat on, as the desktop's and the visitor's reducers see it (docs/chat.md,
// "Transfer and invite").
import { describe, expect, it } from "vitest";
import type { ChatBody } from "../src/api/types";
import { initialVisitorState, type ServerFrame, visitorReduce } from "../src/chat/visitor";
import { askAnswered, chatAsking, type ChatFeedFrame, chatsReduce, chatTabs, emptyChats } from "../src/state/chats";
import { applyEvents, emptyState } from "../src/state/live";

const body = (id: string, agent = "a1", colleagues: string[] = []): ChatBody => ({
  chat_id: id,
  line: "terveysasemat",
  state: "active",
  agent,
  visitor: { name: "Maija", connected: true },
  language: "fi",
  started_at: "2026-12-01T10:00:00Z",
  colleagues,
  messages: [{ seq: 1, from: "visitor", text: "Hei", time: "2026-12-01T10:00:00Z" }],
});
const feed = (frames: ChatFeedFrame[], me = "a1", s = emptyChats) => frames.reduce((st, f) => chatsReduce(st, f, 0, me), s);

describe("the desktop hands a chat on", () => {
  it("lets go of a chat transferred away, and takes it whole again if it comes back", () => {
    let s = feed([{ type: "chat", chat: body("c-1") }, { type: "transferred", chat_id: "c-1", to: "line" }]);
    expect(chatTabs(s)).toEqual([]);
    s = feed([{ type: "chat", chat: body("c-1") }], "a1", s);
    expect(chatTabs(s).map((c) => c.id)).toEqual(["c-1"]);
  });

  it("shows who is asked, and who said no and why", () => {
    let s = chatAsking(feed([{ type: "chat", chat: body("c-1") }]), "c-1", "a2", false);
    expect(s.chats["c-1"].asked).toEqual({ agent: "a2", invite: false });
    s = feed([{ type: "colleague_answer", chat_id: "c-1", agent_id: "a2", name: "Bert", invite: false, reason: "no_answer" }], "a1", s);
    expect(s.chats["c-1"].asked).toBeNull();
    expect(s.chats["c-1"].answer).toEqual({ name: "Bert", reason: "no_answer", invite: false });
  });

  it("lists a colleague's question until it is answered, lapses or the chat arrives", () => {
    const asked: ChatFeedFrame = {
      type: "colleague_asked",
      chat_id: "c-1",
      invite: true,
      from: { agent_id: "a1", name: "Anna" },
      line: { id: "terveysasemat", name: "Terveysasemat" },
      until: "2026-12-01T10:00:30Z",
    };
    let s = feed([asked], "a2");
    expect(s.asks).toEqual([{ chatId: "c-1", invite: true, from: "Anna", line: "terveysasemat", until: "2026-12-01T10:00:30Z" }]);
    expect(askAnswered(s, "c-1").asks).toEqual([]);
    expect(feed([{ type: "chat", chat: body("c-1", "a1", ["a2"]) }], "a2", s).asks).toEqual([]);
    s = feed([{ type: "colleague_answer", chat_id: "c-1", agent_id: "a2", name: "Bert", invite: true, reason: "no_answer" }], "a2", s);
    expect(s.asks).toEqual([]);
  });

  it("keeps the colleagues in the chat, and lets go of it when this professional leaves", () => {
    let s = feed([{ type: "chat", chat: body("c-1", "a1", ["a2"]) }], "a2");
    expect(s.chats["c-1"].holder).toBe("a1");
    expect(s.chats["c-1"].colleagues).toEqual(["a2"]);
    s = feed([{ type: "colleague", chat_id: "c-1", agent_id: "a2", name: "Bert", joined: false }], "a2", s);
    expect(chatTabs(s)).toEqual([]);
    const holder = feed([
      { type: "chat", chat: body("c-1") },
      { type: "colleague", chat_id: "c-1", agent_id: "a2", name: "Bert", joined: true },
      { type: "colleague", chat_id: "c-1", agent_id: "a2", name: "Bert", joined: false },
    ]);
    expect(holder.chats["c-1"].colleagues).toEqual([]);
  });
});

describe("the visitor's chat is handed on", () => {
  const run = (frames: ServerFrame[]) => frames.reduce((s, f) => visitorReduce(s, f, 0), initialVisitorState());

  it("waits again on the new line, with its place, until someone joins", () => {
    const s = run([
      { type: "welcome", chat_id: "c-1", state: "active", professional: { name: "Anna" } },
      { type: "transferred", to: "line", line: { id: "neuvola", name: "Neuvola" } },
      { type: "queue", position: 2, estimated_wait_s: 120 },
    ]);
    expect(s.phase).toBe("waiting");
    expect(s.professional).toBeNull();
    expect(s.transferredTo).toBe("Neuvola");
    expect(s.position).toBe(2);
    const joined = visitorReduce(s, { type: "joined", professional: { name: "Cecilia" } }, 0);
    expect(joined.phase).toBe("active");
    expect(joined.professional).toBe("Cecilia");
    expect(joined.transferredTo).toBeNull();
  });

  it("goes on with the colleague it was handed to", () => {
    const s = run([
      { type: "welcome", chat_id: "c-1", state: "active", professional: { name: "Anna" } },
      { type: "transferred", to: "professional", professional: { name: "Bert" } },
      { type: "joined", professional: { name: "Bert" } },
    ]);
    expect(s.phase).toBe("active");
    expect(s.professional).toBe("Bert");
    expect(s.handedTo).toBe("Bert");
  });

  it("sees who joined and who left", () => {
    const s = run([
      { type: "colleague", name: "Bert", joined: true },
      { type: "colleague", name: "Cecilia", joined: true },
      { type: "colleague", name: "Bert", joined: false },
    ]);
    expect(s.colleagues).toEqual(["Cecilia"]);
    expect(s.colleagueNote).toEqual({ name: "Bert", joined: false });
  });
});

describe("the live state follows a chat handed over", () => {
  it("keeps the contact answered and names its new holder", () => {
    const day = new Date("2026-11-30T10:00:00Z");
    const ev = (seq: number, type: string, data: object) => ({ seq, stream: "contact/c1", stream_seq: seq, time: "2026-11-30T08:00:00Z", type, data });
    const s = applyEvents(emptyState(day), [
      ev(1, "contact.queued", { contact: { id: "c1", routing: { line: "chat", channel: "chat", state: "waiting" } } }),
      ev(2, "offer.made", { item: { kind: "contact", id: "c1" }, agent: "a1", expires_at: "2026-11-30T08:01:00Z" }),
      ev(3, "offer.accepted", { item: { kind: "contact", id: "c1" }, agent: "a1", at: "2026-11-30T08:00:10Z" }),
      ev(4, "contact.handed_over", { item: { kind: "contact", id: "c1" }, agent: "a1", to_agent: "a2", at: "2026-11-30T08:05:00Z" }),
    ]);
    expect(s.contacts.c1.routing).toMatchObject({ state: "active", agent: "a2" });
  });
});
