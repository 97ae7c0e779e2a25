// A report's card: a titled section (the title labels it for assistive technology) with the
// report's own actions, such as its CSV export, beside the title.
import type { ReactNode } from "react";
import { Card, Group, Title } from "@mantine/core";

export function Section({ id, title, actions, children }: { id: string; title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby={`${id}-title`} p="sm">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id={`${id}-title`}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Card>
  );
}
