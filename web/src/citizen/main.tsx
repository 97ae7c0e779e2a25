// The citizen's chat page, an entry point of its own (chat/index.html): it shares the API
// client and the language machinery with the desktop but none of the desktop's views, texts or
// libraries. The language comes from ?lang= (the embedding site's), else the chat in progress,
// else this browser's last choice.
import "./chat.css";
import { createRoot } from "react-dom/client";
import { initI18nWith, isLanguage, savedLanguage, setLanguage } from "../i18n/core";
import { citizenTexts } from "./texts";
import { clickbotTexts } from "./clickbotTexts";
import { ChatApp } from "./ChatApp";
import { loadStoredChat } from "./useVisitorChat";

const asked = new URLSearchParams(location.search).get("lang");
const ongoing = loadStoredChat()?.language;
const lang = isLanguage(asked) ? asked : isLanguage(ongoing) ? ongoing : savedLanguage();
initI18nWith(
  {
    fi: { ...citizenTexts.fi, clickbot: clickbotTexts.fi },
    sv: { ...citizenTexts.sv, clickbot: clickbotTexts.sv },
    en: { ...citizenTexts.en, clickbot: clickbotTexts.en },
  },
  lang,
);
if (isLanguage(asked)) setLanguage(asked);
createRoot(document.getElementById("root")!).render(<ChatApp />);
