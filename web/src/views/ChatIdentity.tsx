// A chat visitor's identification as the professional who holds the chat sees it (docs/chat.md,
// "Identification" and "On behalf"): asking the visitor to identify, the name they identified
// with, whom they act for, and the personal identity codes on request — each showing of which
// the server writes to the access log first, so they are fetched only when asked for and not
// kept after the chat's tab closes.
import { useState } from "react";
import { Badge, Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { get, post } from "../api/client";
import type { AgentChat } from "../state/chats";
import { act } from "./common";
import { GOOD } from "./colors";

const path = (id: string) => `/api/v1/chats/${encodeURIComponent(id)}`;

interface Identity {
  identity_code: string;
  on_behalf: { name: string; identity_code: string } | null;
}

export function ChatIdentity({ c }: { c: AgentChat }) {
  const { t } = useTranslation();
  const [codes, setCodes] = useState<Identity | null>(null);
  const ended = c.state === "ended";
  if (c.identified) {
    return (
      <Group gap="xs" mb="xs" data-testid="desk-chat-identified">
        <Badge color={GOOD} variant="filled">
          {t("chat.identity.identified", { name: c.identified })}
        </Badge>
        {c.onBehalf && (
          <Badge color={GOOD} variant="outline" data-testid="desk-chat-on-behalf">
            {`${t("chat.identity.onBehalf", { name: c.onBehalf.name })} (${t(`chat.identity.${c.onBehalf.basis}`)})`}
          </Badge>
        )}
        {codes ? (
          <>
            <Text size="sm" data-testid="desk-chat-identity-code">
              {t("chat.identity.code", { code: codes.identity_code })}
            </Text>
            {codes.on_behalf && (
              <Text size="sm" data-testid="desk-chat-principal-code">
                {t("chat.identity.principalCode", { name: codes.on_behalf.name, code: codes.on_behalf.identity_code })}
              </Text>
            )}
          </>
        ) : (
          <Button
            size="xs"
            variant="outline"
            title={t("chat.identity.logged")}
            onClick={() =>
              act(async () => setCodes(await get<Identity>(`${path(c.id)}/identity`)), t("chat.identity.showFailed"))
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
