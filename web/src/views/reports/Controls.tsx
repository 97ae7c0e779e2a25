// The controls above the reports: the range of days, the line, and for the calls report the
// period its figures are counted by. Only well-formed dates change the range.
import { Group, NativeSelect, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Period, Range } from "../../reports/api";
import { type Directory, lineName } from "../common";

export function Controls({ range, setRange, period, setPeriod, dir, withPeriod }: {
  range: Range;
  setRange: (r: Range) => void;
  period: Period;
  setPeriod: (p: Period) => void;
  dir: Directory;
  withPeriod: boolean;
}) {
  const { t, i18n } = useTranslation();
  const valid = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);
  return (
    <Group gap="sm" align="end" role="group" aria-label={t("reports.controls")}>
      <TextInput type="date" size="xs" label={t("reports.from")} value={range.from} max={range.to} onChange={(e) => valid(e.currentTarget.value) && setRange({ ...range, from: e.currentTarget.value })} />
      <TextInput type="date" size="xs" label={t("reports.to")} value={range.to} min={range.from} onChange={(e) => valid(e.currentTarget.value) && setRange({ ...range, to: e.currentTarget.value })} />
      <NativeSelect
        size="xs"
        label={t("reports.line")}
        value={range.line ?? ""}
        onChange={(e) => setRange({ ...range, line: e.currentTarget.value || undefined })}
        data={[{ value: "", label: t("reports.allLines") }, ...Object.keys(dir.lines).map((id) => ({ value: id, label: lineName(dir, id, i18n.language) }))]}
      />
      {withPeriod && (
        <NativeSelect
          size="xs"
          label={t("reports.period")}
          value={period}
          onChange={(e) => setPeriod(e.currentTarget.value as Period)}
          data={(["day", "week", "month"] as const).map((p) => ({ value: p, label: t(`reports.periods.${p}`) }))}
        />
      )}
    </Group>
  );
}
