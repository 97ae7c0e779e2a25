// The controls above the reports: the range of days, the line, and for the calls report the
// period its figures are counted by. Days are typed and shown in the page's language's way
// (DateField); only a whole day changes the range.
import { Group, NativeSelect } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Period, Range } from "../../reports/api";
import { type Directory, lineName } from "../common";
import { DateField } from "../DateField";

export function Controls({ range, setRange, period, setPeriod, dir, withPeriod }: {
  range: Range;
  setRange: (r: Range) => void;
  period: Period;
  setPeriod: (p: Period) => void;
  dir: Directory;
  withPeriod: boolean;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap="sm" align="end" role="group" aria-label={t("reports.controls")}>
      <DateField size="xs" label={t("reports.from")} value={range.from} max={range.to} onChange={(d) => d && setRange({ ...range, from: d })} />
      <DateField size="xs" label={t("reports.to")} value={range.to} min={range.from} onChange={(d) => d && setRange({ ...range, to: d })} />
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
