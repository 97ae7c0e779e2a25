// Every text of the desktop and the supervisor's views in Finnish (the default), Swedish and
// English (the machinery is in core.ts, shared with the citizen's chat).
import { en } from "./en";
import { fi } from "./fi";
import { sv } from "./sv";
import { initI18nWith } from "./core";

export { LANGUAGES, type Language, savedLanguage, setLanguage } from "./core";

export function initI18n(): void {
  initI18nWith({ fi: { translation: fi }, sv: { translation: sv }, en: { translation: en } });
}
