// The visitor's live chat: one socket to GET /api/v1/chat/connect that says hello with the
// last seq it has, resends what was not acknowledged, and comes back with backoff after a drop.
// The chat's id and token and the unacknowledged messages live in sessionStorage, so a reload
// of the page goes on with the same chat (and asks for the whole conversation again).
import { useEffect, useReducer, useRef, useState } from "react";
import { checkText, helloFrames, lastSeqFrom, newClientId, typingDue } from "../chat/protocol";
import { ReconnectingSocket, type SocketStatus, socketUrl } from "../chat/socket";
import {
  initialVisitorState,
  parseStoredChat,
  type Refused,
  type ServerFrame,
  type StoredChat,
  visitorReduce,
  visitorRetry,
  visitorSend,
  type VisitorState,
} from "../chat/visitor";

const KEY = "luukku.chat";

export function loadStoredChat(): StoredChat | null {
  return parseStoredChat(sessionStorage.getItem(KEY));
}

export function storeChat(chat: StoredChat): void {
  sessionStorage.setItem(KEY, JSON.stringify(chat));
}

export function forgetChat(): void {
  sessionStorage.removeItem(KEY);
}

export interface VisitorChat {
  state: VisitorState;
  connection: SocketStatus;
  unknown: boolean; // the server knows no such chat (1008): the page starts afresh
  send: (text: string) => boolean;
  retry: (r: Refused) => void;
  typing: () => void;
  leave: () => void;
}

export function useVisitorChat(chat: StoredChat): VisitorChat {
  // The state lives in a ref as well, updated as each frame arrives: the socket's hello reads
  // it at the moment it reconnects, not at the last render.
  const store = useRef<VisitorState>(initialVisitorState(chat.pending));
  const [, rendered] = useReducer((n: number) => n + 1, 0);
  const [connection, setConnection] = useState<SocketStatus>("connecting");
  const [unknown, setUnknown] = useState(false);
  const socketRef = useRef<ReconnectingSocket | null>(null);
  const typingSentAt = useRef<number | null>(null);
  const readSent = useRef(0);
  const leaving = useRef(false); // asked to leave: said again on reconnecting until it ended

  const update = (next: VisitorState) => {
    const before = store.current;
    store.current = next;
    if (next.pending !== before.pending) storeChat({ ...chat, pending: next.pending });
    rendered();
  };

  useEffect(() => {
    store.current = initialVisitorState(chat.pending);
    const socket = new ReconnectingSocket({
      url: () => socketUrl("/api/v1/chat/connect"),
      opening: () => [
        ...helloFrames(chat, store.current.messages, store.current.pending),
        ...(leaving.current ? [{ type: "leave" }] : []),
      ],
      onFrame: (f) => update(visitorReduce(store.current, f as ServerFrame, Date.now())),
      onStatus: (s, code) => {
        setConnection(s);
        if (s === "stopped" && code === 1008) setUnknown(true);
      },
      // 1008: no such chat (or a wrong token); 1000 once the chat has ended.
      final: (code) => code === 1008 || store.current.phase === "ended",
    });
    socketRef.current = socket;
    socket.start();
    return () => socket.stop();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chat.chat_id, chat.token]);

  // Reading: what the professional wrote is read once the page is in view.
  const state = store.current;
  const lastFromProfessional = lastSeqFrom(state.messages, "professional");
  useEffect(() => {
    const mark = () => {
      if (document.visibilityState !== "visible" || lastFromProfessional <= readSent.current) return;
      if (socketRef.current?.send({ type: "read", up_to: lastFromProfessional })) readSent.current = lastFromProfessional;
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [lastFromProfessional, connection]);

  return {
    state,
    connection,
    unknown,
    send: (text) => {
      const checked = checkText(text);
      if ("error" in checked) return false;
      const out = { client_id: newClientId(), text: checked.text };
      update(visitorSend(store.current, out));
      // Unsent now, sent with the hello of the next connection.
      socketRef.current?.send({ type: "send", ...out });
      typingSentAt.current = null;
      return true;
    },
    retry: (r) => {
      const out = { client_id: newClientId(), text: r.text };
      update(visitorRetry(store.current, r, out));
      socketRef.current?.send({ type: "send", ...out });
    },
    typing: () => {
      const now = Date.now();
      if (!typingDue(typingSentAt.current, now)) return;
      if (socketRef.current?.send({ type: "typing" })) typingSentAt.current = now;
    },
    leave: () => {
      leaving.current = true;
      socketRef.current?.send({ type: "leave" });
    },
  };
}
