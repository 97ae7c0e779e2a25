// How a professional's presence is shown. Telephony sets a professional whose phone a
// colleague's consultation (or hand-over) took on a break with the reason "on_call", so that
// routing offers them nothing while they talk; to people that is a call like any other, and
// their own choice is still to be available.
import type { PresenceState, PresenceStatus } from "../api/types";

const ON_CALL = "on_call";

function onCall(s: PresenceState): boolean {
  return s.status === "break" && s.reason === ON_CALL;
}

export function shownStatus(s: PresenceState | undefined): PresenceStatus {
  if (!s) return "offline";
  return onCall(s) ? "busy" : s.status;
}

export function shownChoice(s: PresenceState | undefined): string | undefined {
  if (!s) return undefined;
  return onCall(s) ? "available" : s.chosen;
}
