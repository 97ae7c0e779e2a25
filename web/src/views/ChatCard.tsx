// The customer card beside a chat (docs/desktop.md): who the professional is writing with —
// the name the visitor gave or identified with — and the form that logs the chat's contact
// as after a call (a reason from the region's list, a note, whether a service-need assessment
// was initiated), through the wrap-up until the professional completes the chat. What was
// logged is shown under the form. Earlier contacts are looked up by phone number, which a chat
// does not have; the card says so rather than showing an empty history.
import { useState } from "react";
import { Card, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ContactLogEntry } from "../api/types";
import type { AgentChat } from "../state/chats";
import { LogForm, reasonName, useContactReasons } from "./CustomerCard";

export function ChatCard({ c }: { c: AgentChat }) {
  const { t, i18n } = useTranslation();
  const reasons = useContactReasons();
  const [logged, setLogged] = useState<ContactLogEntry[]>([]);
  const titleId = `chat-card-title-${c.id}`;
  return (
    <Card withBorder component="section" aria-labelledby={titleId} data-testid="chat-card" data-chat={c.id}>
      <Title order={4} size="h5" id={titleId}>
        {t("card.title")}
      </Title>
      <Text size="sm" data-testid="chat-card-who">
        {c.identified
          ? t("card.chatIdentified", { name: c.identified })
          : c.visitorName
            ? t("card.chatNamed", { name: c.visitorName })
            : t("card.chatAnonymous")}
      </Text>
      {c.state === "ended" && <Text size="sm" c="gray.7">{t("card.chatEnded")}</Text>}
      <LogForm key={c.id} contactId={c.id} reasons={reasons} onLogged={(e) => setLogged((l) => [e, ...l])} />
      {logged.length > 0 && (
        <Stack gap={4} mt="xs" data-testid="chat-card-logged" aria-live="polite">
          <Text size="sm" fw={600}>
            {t("card.loggedHere")}
          </Text>
          {logged.map((e) => (
            <Text key={e.seq} size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {reasonName(reasons, e.reason, i18n.language)}
              {e.note ? ` — ${e.note}` : ""}
              {e.service_need_assessment ? ` (${t("card.assessment")})` : ""}
            </Text>
          ))}
        </Stack>
      )}
      <Text size="xs" c="gray.7" mt="xs">
        {t("card.chatNoHistory")}
      </Text>
    </Card>
  );
}
