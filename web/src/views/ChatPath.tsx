// The clickbot path the visitor walked to the chat, above its messages: "Path: Oireet ›
// Hengitystieoireet › …", in the chat's language as the visitor saw it. Nothing for a visitor
// who came straight to the chat.
import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function ChatPath({ path }: { path: string[] | null }) {
  const { t } = useTranslation();
  if (!path || path.length === 0) return null;
  return (
    <Text size="sm" mb="xs" data-testid="desk-chat-path">
      <span className="lk-chat-path-label">{t("chat.path")}:</span> {path.join(" › ")}
    </Text>
  );
}
