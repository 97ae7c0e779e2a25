// Files in the desktop's chat tab: the professional attaches a picture or a PDF (a button that
// opens the file chooser; progress and refusals said in words), and a file in the conversation
// shows inline when it is a picture (its name as alt text) or as a download link otherwise.
// Fetched with the session into a blob: URL; every fetch is written to the access log.
import { useRef } from "react";
import { Anchor, Button, Image, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { csrfHeader } from "../api/client";
import { ACCEPTED_TYPES, formatSize, isImage } from "../chat/attachments";
import type { ChatAttachment } from "../chat/protocol";
import { MAX_MB, useFileSending, useFileUrl } from "../chat/useFileSending";

const NO_HEADERS = {};

export function ChatAttachmentButton({ chatId }: { chatId: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const { progress, send, said } = useFileSending(`/api/v1/chats/${encodeURIComponent(chatId)}/files`, csrfHeader);
  const refused = progress?.state === "refused";
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={ACCEPTED_TYPES}
        hidden
        data-testid="desk-chat-file-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void send(file);
        }}
      />
      <Button
        variant="default"
        disabled={progress?.state === "sending"}
        onClick={() => input.current?.click()}
        title={t("files.attachHint", { max: MAX_MB })}
        data-testid="desk-chat-attach"
      >
        {t("files.attach")}
      </Button>
      <Text size="sm" c={refused ? "red.9" : "gray.7"} role={refused ? "alert" : "status"} data-testid="desk-chat-file-status" data-state={progress?.state ?? ""}>
        {said}
      </Text>
    </>
  );
}

export function ChatAttachmentView({ chatId, file }: { chatId: string; file: ChatAttachment }) {
  const { t, i18n } = useTranslation();
  const url = useFileUrl(`/api/v1/chats/${encodeURIComponent(chatId)}/files/${encodeURIComponent(file.id)}`, NO_HEADERS);
  if (url === "failed") return <Text size="sm">{t("files.unavailable", { name: file.name })}</Text>;
  if (!url) return <Text size="sm">{t("files.loading", { name: file.name })}</Text>;
  if (isImage(file)) {
    return <Image src={url} alt={file.name} mah={240} w="auto" fit="contain" radius="xs" data-testid="desk-chat-file-image" />;
  }
  return (
    <Anchor href={url} download={file.name} size="sm" data-testid="desk-chat-file-link">
      {t("files.download", { name: file.name, size: formatSize(file.size, i18n.language) })}
    </Anchor>
  );
}
