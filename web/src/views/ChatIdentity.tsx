// A chat visitor's identification as the professional who holds the chat sees it (docs/chat.md,
// "Identification"): asking the visitor to identify, the name they identified with, and their
// personal identity code on request — each showing of which the server writes to the access
// log first, so it is fetched only when asked for and not kept after the chat's tab closes.
import { useState } from "react";
import { Badge, Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { get, post } from "../api/client";
import type { AgentChat } from "../state/chats";
import { act } from "./common";
import { GOOD } from "./colors";

const path = (id: string) => `/api/v1/chats/${encodeURIComponent(id)}`;

export function ChatIdentity({ c }: { c: AgentChat }) {
  const { t } = useTranslation();
  const [code, setCode] = useState<string | null>(null);
  const ended = c.state === "ended";
  if (c.identified) {
    return (
      <Group gap="xs" mb="xs" data-testid="desk-chat-identified">
        <Badge color={GOOD} variant="filled">
          {t("chat.identity.identified", { name: c.identified })}
        </Badge>
        {code ? (
          <Text size="sm" data-testid="desk-chat-identity-code">
            {t("chat.identity.code", { code })}
          </Text>
        ) : (
          <Button
            size="xs"
            variant="outline"
            title={t("chat.identity.logged")}
            onClick={() =>
              act(async () => setCode((await get<{ identity_code: string }>(`${path(c.id)}/identity`)).identity_code), t("chat.identity.showFailed"))
            }
            data-testid="desk-chat-show-identity"
          >
            {t("chat.identity.show")}
          </Button>
        )}
      </Group>
    );
  }
  if (ended) return null;
  return (
    <Group gap="xs" mb="xs">
      {c.identificationAsked ? (
        <Text size="sm" data-testid="desk-chat-identification-asked">
          {t("chat.identity.asked")}
        </Text>
      ) : (
        <Button
          size="xs"
          variant="outline"
          onClick={() => act(() => post(`${path(c.id)}/identification-request`), t("chat.identity.askFailed"))}
          data-testid="desk-chat-ask-identity"
        >
          {t("chat.identity.ask")}
        </Button>
      )}
    </Group>
  );
}
