// Colleagues grouped by team for the desktop's list: the teams come from the region's
// configuration (each agent's teams), the presence from the live state. The person's own teams
// come first; a colleague in several teams is listed once, under the first of them in that
// order, so one row per colleague stays one row. Pure functions.
import type { Agent, Presence, PresenceStatus } from "../api/types";

export interface ColleagueGroup {
  team: string; // "" for colleagues in no team
  people: Presence[];
}

const ORDER: PresenceStatus[] = ["available", "busy", "wrap_up", "break", "offline"];

export function colleagueGroups(
  agents: Record<string, Agent>,
  presence: Record<string, Presence>,
  me: string,
  nameOf: (id: string) => string = (id) => agents[id]?.name ?? id,
): ColleagueGroup[] {
  const mine = agents[me]?.teams ?? [];
  const others = [...new Set(Object.values(agents).flatMap((a) => a.teams ?? []))]
    .filter((t) => !mine.includes(t))
    .sort();
  const teams = [...mine, ...others];
  const groups = new Map<string, Presence[]>(teams.map((t) => [t, []]));
  groups.set("", []);
  // Every agent of the region; one who has never signed in has no presence yet: offline.
  const ids = new Set([...Object.keys(agents), ...Object.keys(presence)]);
  ids.delete(me);
  for (const id of ids) {
    const p = presence[id] ?? { agent: id, state: { status: "offline" as const } };
    const own = agents[id]?.teams ?? p.profile?.teams ?? [];
    const team = teams.find((t) => own.includes(t)) ?? "";
    groups.get(team)!.push(p);
  }
  const byStateThenName = (a: Presence, b: Presence) =>
    ORDER.indexOf(a.state.status) - ORDER.indexOf(b.state.status) || nameOf(a.agent).localeCompare(nameOf(b.agent));
  return [...groups.entries()]
    .filter(([, people]) => people.length > 0)
    .map(([team, people]) => ({ team, people: people.sort(byStateThenName) }));
}
