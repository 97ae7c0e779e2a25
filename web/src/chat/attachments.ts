// Files in chats, both sides (docs/chat.md, "Files"): sending one as the raw body with its
// progress, and fetching one into a blob: URL the page shows (a picture) or offers as a
// download (a PDF). The visitor proves the chat with its token (Authorization: Bearer); the
// professional with the session's cookie and CSRF token. The server checks everything again:
// what is here only spares a round trip.
import type { ChatAttachment } from "./protocol";

// What the server takes: pictures and PDF documents, typed by their bytes.
export const ACCEPTED_TYPES = "image/jpeg,image/png,image/webp,application/pdf";
// The server's default limit (chat.max_file_bytes); a larger file is refused there too.
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type SendProblem =
  | "too_large"
  | "unsupported_type"
  | "infected"
  | "empty"
  | "damaged"
  | "ended"
  | "rate_limited"
  | "scanner_unavailable"
  | "failed";

export class SendError extends Error {
  constructor(readonly problem: SendProblem) {
    super(problem);
  }
}

const PROBLEMS: readonly string[] = ["too_large", "payload_too_large", "unsupported_type", "infected", "empty", "damaged", "ended", "rate_limited", "scanner_unavailable"];

// The problem a refusal names (payload_too_large is the server's body limit: too large too).
export function problemOf(code: string | undefined): SendProblem {
  if (code === "payload_too_large") return "too_large";
  return code && PROBLEMS.includes(code) ? (code as SendProblem) : "failed";
}

// What can be told before sending: nothing, or why the server would refuse it.
export function checkFile(file: { size: number }, maxBytes = MAX_FILE_BYTES): SendProblem | null {
  if (file.size === 0) return "empty";
  if (file.size > maxBytes) return "too_large";
  return null;
}

export function filesUrl(base: string, clientId: string, name: string): string {
  return `${base}?name=${encodeURIComponent(name)}&client_id=${encodeURIComponent(clientId)}`;
}

// Sends `file` to `url` (a chat's files), telling `progress` the share sent (0..1). Resolves
// with nothing once the server stored it (the message arrives on the socket or feed).
export function sendFile(url: string, file: Blob, headers: Record<string, string>, progress: (share: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) progress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201) return resolve();
      let code: string | undefined;
      try {
        code = (JSON.parse(xhr.responseText) as { error?: { code?: string } }).error?.code;
      } catch {
        code = undefined;
      }
      reject(new SendError(xhr.status === 413 ? "too_large" : problemOf(code)));
    };
    xhr.onerror = () => reject(new SendError("failed"));
    xhr.send(file);
  });
}

// Fetches a chat's file into a blob: URL (revoke it when done), so a picture shows and a PDF
// downloads without the token ever being in a URL.
export async function fileBlobUrl(url: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(url, { headers, credentials: "same-origin" });
  if (!res.ok) throw new Error(`${res.status}`);
  return URL.createObjectURL(await res.blob());
}

export function isImage(a: ChatAttachment): boolean {
  return a.type.startsWith("image/");
}

// "1.2 MB", "340 kB": a file's size for people.
export function formatSize(bytes: number, lang: string): string {
  const n = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  if (bytes < 1000 * 1000) return `${n.format(Math.max(1, Math.round(bytes / 1000)))} kB`;
  return `${n.format(bytes / (1000 * 1000))} MB`;
}
