// Files in the citizen's chat: the "attach" button (a real button that opens the browser's file
// chooser, so keyboards and screen readers use it as any button), what is happening told in
// words in a live region, and a file in the conversation — a picture shown inline with its name
// as alt text, anything else a download link. Files are fetched with the chat's token into a
// blob: URL: the token never goes into a link.
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "suomifi-ui-components";
import { ACCEPTED_TYPES, formatSize, isImage } from "../chat/attachments";
import type { ChatAttachment } from "../chat/protocol";
import { MAX_MB, useFileSending, useFileUrl } from "../chat/useFileSending";
import type { StoredChat } from "../chat/visitor";

function bearer(chat: StoredChat): Record<string, string> {
  return { Authorization: `Bearer ${chat.token}` };
}

export function AttachmentButton({ chat }: { chat: StoredChat }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const { progress, send, said } = useFileSending(`/api/v1/chat/${encodeURIComponent(chat.chat_id)}/files`, () => bearer(chat));
  return (
    <div className="lk-chat-attach">
      <input
        ref={input}
        type="file"
        accept={ACCEPTED_TYPES}
        hidden
        data-testid="chat-file-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void send(file);
        }}
      />
      <Button
        variant="secondary"
        disabled={progress?.state === "sending"}
        onClick={() => input.current?.click()}
        aria-describedby="lk-attach-hint"
        data-testid="chat-attach"
      >
        {t("files.attach")}
      </Button>
      <p id="lk-attach-hint" className="lk-chat-attach-hint">
        {t("files.attachHint", { max: MAX_MB })}
      </p>
      {/* Progress and the outcome are read out; a refusal as an alert. */}
      <div role={progress?.state === "refused" ? "alert" : "status"} aria-live="polite" data-testid="chat-file-status" data-state={progress?.state ?? ""}>
        {said}
      </div>
    </div>
  );
}

// A file in the conversation.
export function AttachmentView({ chat, file }: { chat: StoredChat; file: ChatAttachment }) {
  const { t, i18n } = useTranslation();
  const url = useFileUrl(`/api/v1/chat/${encodeURIComponent(chat.chat_id)}/files/${encodeURIComponent(file.id)}`, bearer(chat));
  if (url === "failed") return <span className="lk-msg-file">{t("files.unavailable", { name: file.name })}</span>;
  if (!url) return <span className="lk-msg-file">{t("files.loading", { name: file.name })}</span>;
  if (isImage(file)) return <img className="lk-msg-image" src={url} alt={file.name} data-testid="chat-file-image" />;
  return (
    <a className="lk-msg-file" href={url} download={file.name} data-testid="chat-file-link">
      {t("files.download", { name: file.name, size: formatSize(file.size, i18n.language) })}
    </a>
  );
}
