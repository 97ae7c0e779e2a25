// Short messages about actions that failed, read out by screen readers (role="alert").
import { useSyncExternalStore } from "react";
import { Alert, Stack } from "@mantine/core";

interface Toast {
  id: number;
  text: string;
}
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const l of listeners) l();
}

export const notifications = {
  show(text: string) {
    const id = nextId++;
    toasts = [...toasts, { id, text }];
    emit();
    setTimeout(() => {
      toasts = toasts.filter((t) => t.id !== id);
      emit();
    }, 8000);
  },
};

export function Toasts() {
  const list = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
  );
  return (
    <Stack pos="fixed" bottom={16} right={16} style={{ zIndex: 1000 }} w={360}>
      {list.map((t) => (
        <Alert key={t.id} color="red" role="alert" withCloseButton={false}>
          {t.text}
        </Alert>
      ))}
    </Stack>
  );
}
