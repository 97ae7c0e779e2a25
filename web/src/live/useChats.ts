// The professional's chats, live: the agent's chat feed over a WebSocket that comes back with
// backoff (every chat arrives whole again on each connect), and the professional's own
// messages posted with a client_id of their own, tried again with the same client_id after a
// network failure so that none is stored twice.
import { useEffect, useRef, useState } from "react";
import { ApiError, post } from "../api/client";
import type { ChatBody } from "../api/types";
import { type ChatMessage, checkText, newClientId, type Outgoing, reconnectDelay, typingDue } from "../chat/protocol";
import { ReconnectingSocket, type SocketStatus, socketUrl } from "../chat/socket";
import {
  askAnswered,
  chatAsking,
  type ChatFeedFrame,
  chatCompleted,
  chatRead,
  chatRefused,
  chatSending,
  chatSent,
  chatsReduce,
  type ChatsState,
  emptyChats,
} from "../state/chats";

export interface Chats {
  me: string | null; // the professional whose chats these are
  state: ChatsState;
  status: SocketStatus;
  send: (id: string, text: string) => boolean;
  typing: (id: string) => void;
  read: (id: string, upTo: number) => void;
  end: (id: string) => Promise<void>;
  complete: (id: string) => Promise<void>;
  // Transfer and invite (docs/chat.md): each throws the server's refusal (ApiError).
  transferToLine: (id: string, line: string) => Promise<void>;
  askColleague: (id: string, agent: string, invite: boolean) => Promise<void>;
  answerColleague: (id: string, accept: boolean) => Promise<void>;
  leave: (id: string) => Promise<void>;
  // An invited colleague closes the tab of a chat that ended (its holder completes it).
  dismiss: (id: string) => void;
}

const path = (id: string) => `/api/v1/chats/${encodeURIComponent(id)}`;

export function useChats(agent: string | null): Chats {
  const store = useRef<ChatsState>(emptyChats);
  const [state, setState] = useState<ChatsState>(emptyChats);
  const [status, setStatus] = useState<SocketStatus>("connecting");
  const typingAt = useRef<Record<string, number>>({});
  const alive = useRef(true);

  const update = (f: (s: ChatsState) => ChatsState) => {
    store.current = f(store.current);
    setState(store.current);
  };

  // Posts until the server answers: a 4xx is a refusal, anything else is tried again.
  const deliver = async (id: string, out: Outgoing) => {
    for (let attempt = 0; alive.current; attempt++) {
      try {
        const m = await post<ChatMessage>(`${path(id)}/messages`, out);
        update((s) => chatSent(s, id, m));
        return;
      } catch (e) {
        if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 429) {
          update((s) => chatRefused(s, id, out.client_id, e.status === 409 ? "ended" : e.code));
          return;
        }
        await new Promise((r) => setTimeout(r, reconnectDelay(attempt, Math.random())));
        if (!store.current.chats[id]?.pending.some((p) => p.client_id === out.client_id)) return;
      }
    }
  };

  useEffect(() => {
    alive.current = true;
    if (!agent) return;
    const socket = new ReconnectingSocket({
      url: () => socketUrl(`/api/v1/agents/${encodeURIComponent(agent)}/chats/feed`),
      opening: () => [],
      onFrame: (f) => update((s) => chatsReduce(s, f as ChatFeedFrame, Date.now(), agent)),
      onStatus: (s) => setStatus(s),
      // Refused (not signed in, not this agent's): the feed would only be refused again.
      final: (code) => code === 1008,
    });
    socket.start();
    return () => {
      alive.current = false;
      socket.stop();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [agent]);

  return {
    me: agent,
    state,
    status,
    send: (id, text) => {
      const checked = checkText(text);
      if ("error" in checked) return false;
      const out = { client_id: newClientId(), text: checked.text };
      update((s) => chatSending(s, id, out));
      void deliver(id, out);
      return true;
    },
    typing: (id) => {
      const now = Date.now();
      if (!typingDue(typingAt.current[id] ?? null, now)) return;
      typingAt.current[id] = now;
      post(`${path(id)}/typing`).catch(() => undefined);
    },
    read: (id, upTo) => {
      update((s) => chatRead(s, id, upTo));
      post(`${path(id)}/read`, { up_to: upTo }).catch(() => undefined);
    },
    end: async (id) => {
      const body = await post<ChatBody>(`${path(id)}/end`);
      update((s) =>
        chatsReduce(chatsReduce(s, { type: "chat", chat: body }, Date.now()), { type: "ended", chat_id: id, by: "professional" }, Date.now()),
      );
    },
    complete: async (id) => {
      await post(`/api/v1/contacts/${encodeURIComponent(id)}/complete`);
      update((s) => chatCompleted(s, id));
    },
    // The feed's "transferred" takes the chat away once it has gone.
    transferToLine: async (id, line) => {
      await post(`${path(id)}/transfer`, { line });
    },
    askColleague: async (id, agent, invite) => {
      await post(invite ? `${path(id)}/invite` : `${path(id)}/transfer`, { agent });
      update((s) => chatAsking(s, id, agent, invite));
    },
    answerColleague: async (id, accept) => {
      try {
        await post(`${path(id)}/colleague/${accept ? "accept" : "decline"}`);
      } finally {
        update((s) => askAnswered(s, id));
      }
    },
    leave: async (id) => {
      await post(`${path(id)}/leave`);
    },
    dismiss: (id) => update((s) => chatCompleted(s, id)),
  };
}
