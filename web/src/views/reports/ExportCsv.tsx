// The button that downloads a report (or a list of calls) as CSV, named for what it exports.
import { Button } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function ExportCsv({ href, what }: { href: string; what: string }) {
  const { t } = useTranslation();
  return (
    <Button component="a" href={href} download variant="outline" size="xs" aria-label={t("reports.exportCsvOf", { what })} data-testid="export-csv">
      {t("reports.exportCsv")}
    </Button>
  );
}
