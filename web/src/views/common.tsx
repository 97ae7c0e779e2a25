// Small pieces the views share.
import { useEffect, useState } from "react";
import { notifications } from "./toast";
import type { Agent, LocalizedText, ServiceLine } from "../api/types";
import { get } from "../api/client";

// The current time, once a second: waiting times and countdowns move by themselves.
export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(id);
  }, []);
  return now;
}

export interface Directory {
  lines: Record<string, ServiceLine>;
  agents: Record<string, Agent>;
}

// Names of lines and agents (the region's configuration).
export function useDirectory(): Directory {
  const [dir, setDir] = useState<Directory>({ lines: {}, agents: {} });
  useEffect(() => {
    Promise.all([get<{ items: ServiceLine[] }>("/api/v1/service-lines"), get<{ items: Agent[] }>("/api/v1/agents")])
      .then(([lines, agents]) =>
        setDir({
          lines: Object.fromEntries(lines.items.map((l) => [l.id, l])),
          agents: Object.fromEntries(agents.items.map((a) => [a.id, a])),
        }),
      )
      .catch(() => undefined);
  }, []);
  return dir;
}

export function localized(text: LocalizedText | undefined, lang: string, fallback: string): string {
  if (!text) return fallback;
  return text[lang as keyof LocalizedText] ?? text.fi ?? text.en ?? fallback;
}

export function lineName(dir: Directory, id: string, lang: string): string {
  return localized(dir.lines[id]?.name, lang, id);
}

export function agentName(dir: Directory, id: string | undefined): string {
  if (!id) return "";
  return dir.agents[id]?.name ?? id;
}

// Runs an API action and shows its error, if any, to the person who asked for it.
export async function act(what: () => Promise<unknown>, failed: string): Promise<boolean> {
  try {
    await what();
    return true;
  } catch (e) {
    notifications.show(`${failed}: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

// True when the key press is meant for a text field, not a shortcut.
export function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
  // Radio buttons and checkboxes take no letters: shortcuts still work while they have focus.
  return el.tagName === "INPUT" && !["radio", "checkbox", "button", "submit"].includes((el as HTMLInputElement).type);
}
