// Loads a view's snapshots and keeps them live from the event feed (see state/live.ts for
// why snapshots and events can overlap).
import { useEffect, useReducer, useRef, useState } from "react";
import { get, getAllPages, headSeq, seqBefore } from "../api/client";
import type { Agent, LuukkuEvent, Presence, Queue, Task, WorkItem } from "../api/types";
import {
  applyEvents,
  emptyState,
  type LiveState,
  withPresence,
  withQueues,
  withCallHistory,
  withTasks,
  withWork,
} from "../state/live";
import { startOfHelsinkiDay } from "../state/time";
import { EventFeed, type FeedStatus, shownStatus } from "./feed";

type Action =
  | { kind: "events"; events: LuukkuEvent[] }
  | { kind: "snapshot"; change: (s: LiveState) => LiveState };

function reduce(state: LiveState, action: Action): LiveState {
  return action.kind === "events" ? applyEvents(state, action.events) : action.change(state);
}

// The open tasks of the agent's own lines only: every task read is written to the access log
// as a read of the citizen's data, so a desktop reads no more than it shows.
async function tasksOfLinesOf(agent: string): Promise<Task[]> {
  const me = await get<Agent>(`/api/v1/agents/${encodeURIComponent(agent)}`);
  const lines = [...new Set((me.routing?.memberships ?? []).map((m) => m.line))];
  const pages = await Promise.all(lines.map((l) => getAllPages<Task>(`/api/v1/tasks?line=${encodeURIComponent(l)}`)));
  return pages.flat();
}

// The events of the calls the agent has in hand (their contacts active), so a desktop loaded in
// the middle of a call shows it with the right controls. A contact that is no call (a chat)
// has no call stream: 404, nothing to rebuild.
async function callsInHand(work: WorkItem[]): Promise<LuukkuEvent[]> {
  const ids = work.filter((w) => w.contact?.routing.state === "active").map((w) => w.contact!.id);
  const pages = await Promise.all(
    ids.map((id) =>
      get<{ items: LuukkuEvent[] }>(`/api/v1/calls/${encodeURIComponent(id)}/events`).catch(() => ({ items: [] })),
    ),
  );
  return pages.flatMap((p) => p.items);
}

export interface LiveOptions {
  agent: string | null; // the signed-in person's agent: their work is loaded whole
  today: boolean; // replay today's events for the day's figures (the supervisor's view)
  onEvents?: (events: LuukkuEvent[]) => void;
}

export interface Live {
  state: LiveState;
  status: FeedStatus;
  downSince: number;
  loading: boolean;
  error: string | null;
  refreshWork: () => void;
  refreshTask: (id: string) => void;
}

export function useLive({ agent, today, onEvents }: LiveOptions): Live {
  const [state, dispatch] = useReducer(reduce, undefined, () => emptyState());
  const [status, setStatus] = useState<FeedStatus>("connecting");
  const [downSince, setDownSince] = useState(0);
  const [loading, setLoading] = useState(true);
  // The log's last seq when the view loaded: until the replay has reached it the view is
  // still catching up, not live.
  const [replayTo, setReplayTo] = useState(Number.MAX_SAFE_INTEGER);
  const [error, setError] = useState<string | null>(null);
  const onEventsRef = useRef(onEvents);
  onEventsRef.current = onEvents;
  const workTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refreshWork = () => {
    if (!agent) return;
    // Several events of one change arrive together: fetch once for all of them.
    if (workTimer.current) return;
    workTimer.current = setTimeout(async () => {
      workTimer.current = null;
      try {
        const work = await get<{ items: WorkItem[] }>(`/api/v1/agents/${encodeURIComponent(agent)}/work`);
        dispatch({ kind: "snapshot", change: (s) => withWork(s, work.items) });
      } catch {
        // The next event or reconnect fetches again; the feed's state says if it is down.
      }
    }, 0);
  };

  const refreshTask = async (id: string) => {
    try {
      const task = await get<Task>(`/api/v1/tasks/${encodeURIComponent(id)}`);
      dispatch({ kind: "snapshot", change: (s) => withTasks(s, [task]) });
    } catch {
      // An ended task is taken off by its own event.
    }
  };

  useEffect(() => {
    let feed: EventFeed | null = null;
    let cancelled = false;
    (async () => {
      try {
        const head = await headSeq();
        const after = today ? await seqBefore(startOfHelsinkiDay(new Date()), head) : head;
        const [presence, tasks, queues] = await Promise.all([
          get<{ items: Presence[] }>("/api/v1/presence"),
          agent ? tasksOfLinesOf(agent) : getAllPages<Task>("/api/v1/tasks"),
          get<{ items: Queue[] }>("/api/v1/queues"),
        ]);
        const work = agent
          ? await get<{ items: WorkItem[] }>(`/api/v1/agents/${encodeURIComponent(agent)}/work`)
          : { items: [] };
        const history = await callsInHand(work.items);
        if (cancelled) return;
        setReplayTo(after === head ? 0 : head);
        dispatch({
          kind: "snapshot",
          change: (s) =>
            withCallHistory(
              withWork(withQueues(withTasks(withPresence(s, presence.items), tasks), queues.items), work.items),
              history,
              after,
            ),
        });
        setLoading(false);
        feed = new EventFeed({
          after,
          onEvents: (events) => {
            dispatch({ kind: "events", events });
            onEventsRef.current?.(events);
          },
          onStatus: (st, since) => {
            setStatus(st);
            setDownSince(since);
          },
        });
        feed.start();
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      cancelled = true;
      feed?.stop();
    };
  }, [agent, today]);

  return {
    state,
    status: shownStatus(status, state.seq, replayTo),
    downSince,
    loading,
    error,
    refreshWork,
    refreshTask,
  };
}
