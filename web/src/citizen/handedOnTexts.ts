// The visitor's texts for a chat handed on (HandedOn.tsx), in Finnish, Swedish and English.
export const handedOnTexts = {
  fi: {
    toLine: "Keskustelusi siirrettiin palveluun {{line}}. Odotat siellä vuoroasi, ja viestisi ovat tallessa.",
    toProfessional: "Keskustelusi siirrettiin ammattilaiselle {{name}}. Viestisi ovat tallessa.",
    colleagueJoined: "{{name}} liittyi keskusteluun.",
    colleagueLeft: "{{name}} poistui keskustelusta.",
  },
  sv: {
    toLine: "Din chatt flyttades till {{line}}. Du väntar där på din tur, och dina meddelanden finns kvar.",
    toProfessional: "Din chatt flyttades till {{name}}. Dina meddelanden finns kvar.",
    colleagueJoined: "{{name}} anslöt till chatten.",
    colleagueLeft: "{{name}} lämnade chatten.",
  },
  en: {
    toLine: "Your chat was transferred to {{line}}. You are waiting for your turn there, and your messages are kept.",
    toProfessional: "Your chat was handed to {{name}}. Your messages are kept.",
    colleagueJoined: "{{name}} joined the chat.",
    colleagueLeft: "{{name}} left the chat.",
  },
};
