// Starting a chat, from the line picker or from a clickbot chat node: the request, the chat
// kept in this tab, and why a start was refused in the citizen's words.
import { ApiError, post } from "../api/client";
import type { StoredChat } from "../chat/visitor";
import { storeChat } from "./useVisitorChat";

export async function startChat(body: { line: string; language: string; name?: string; path?: string[] }): Promise<StoredChat> {
  const r = await post<{ chat_id: string; token: string }>("/api/v1/chat/start", body);
  const chat = { chat_id: r.chat_id, token: r.token, language: body.language, pending: [] };
  storeChat(chat);
  return chat;
}

export function startRefusal(err: unknown, t: (key: string) => string): string {
  const status = err instanceof ApiError ? err.status : 0;
  const code = err instanceof ApiError ? err.code : "";
  if (status === 409) return t(code === "unavailable" ? "start.unavailable" : "start.closedNow");
  return status === 429 ? t("start.tooMany") : t("start.failed");
}
