// What the visitor is told when their chat is handed on (docs/chat.md, "Transfer and
// invite"): transferred to another line (they wait there; the place in line follows), handed
// to another professional, and a colleague who joined or left. Read out as it changes.
import { Paragraph } from "suomifi-ui-components";
import { useTranslation } from "react-i18next";
import type { VisitorState } from "../chat/visitor";

export function HandedOn({ state }: { state: VisitorState }) {
  const { t } = useTranslation();
  if (state.phase === "ended") return null;
  const lines: string[] = [];
  if (state.phase === "waiting" && state.transferredTo) lines.push(t("handedOn.toLine", { line: state.transferredTo }));
  if (state.phase === "active" && state.handedTo) lines.push(t("handedOn.toProfessional", { name: state.handedTo }));
  if (state.colleagueNote) {
    lines.push(
      state.colleagueNote.joined
        ? t("handedOn.colleagueJoined", { name: state.colleagueNote.name })
        : t("handedOn.colleagueLeft", { name: state.colleagueNote.name }),
    );
  }
  return (
    <div role="status" aria-live="polite" data-testid="chat-handed-on">
      {lines.map((l) => (
        <Paragraph key={l}>{l}</Paragraph>
      ))}
    </div>
  );
}
