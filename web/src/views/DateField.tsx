// A day field in the way of the page's language, whatever the browser's (state/dayInput.ts):
// typed as 24.12.2026, 2026-12-24 or 24/12/2026, or picked from a calendar in the page's
// language that starts on Monday. Its value is a "YYYY-MM-DD" string or "" for none.
import "@mantine/dates/styles.css";
import "dayjs/locale/fi";
import "dayjs/locale/sv";
import { DateInput, DatesProvider } from "@mantine/dates";
import { useTranslation } from "react-i18next";
import { dayFormatOf, parseDay, showDay } from "../state/dayInput";

// The day the empty field shows as an example of how to type one (Christmas Eve: day and month
// cannot be mistaken for each other).
const EXAMPLE_DAY = "2026-12-24";

export function DateField({ label, value, onChange, min, max, error, size, clearable }: {
  label: string;
  value: string;
  onChange: (day: string) => void;
  min?: string;
  max?: string;
  error?: string;
  size?: "xs" | "sm";
  clearable?: boolean;
}) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <DatesProvider settings={{ locale: lang, firstDayOfWeek: 1 }}>
      <DateInput
        label={label}
        size={size}
        value={value || null}
        onChange={(d) => onChange(d ?? "")}
        valueFormat={dayFormatOf(lang)}
        dateParser={(text) => parseDay(text, lang)}
        placeholder={showDay(EXAMPLE_DAY, lang)}
        minDate={min || undefined}
        maxDate={max || undefined}
        error={error}
        clearable={clearable}
      />
    </DatesProvider>
  );
}
