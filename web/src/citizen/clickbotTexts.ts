// The clickbot's own texts on the citizen's page (namespace "clickbot"); the tree's titles and
// articles come from the server in the page's language.
const fi = {
  topics: "Aiheet",
  back: "Takaisin",
  startOver: "Alkuun",
  steps: "Valintasi",
  startChat: "Aloita keskustelu",
  closed: "Chat on nyt suljettu.",
  closedUntil: "Chat on nyt suljettu. Se avautuu {{time}}.",
  newTab: "(avautuu uuteen välilehteen)",
  contactRequest: "Jätä yhteydenottopyyntö",
  contactRequestUnavailable: "Tämä palvelu ei nyt ota vastaan yhteydenottopyyntöjä. Voit keskustella ammattilaisen kanssa etusivulta.",
  orChat: "Tai keskustele suoraan ammattilaisen kanssa:",
};
const sv: typeof fi = {
  topics: "Ämnen",
  back: "Tillbaka",
  startOver: "Till början",
  steps: "Dina val",
  startChat: "Starta chatten",
  closed: "Chatten är stängd nu.",
  closedUntil: "Chatten är stängd nu. Den öppnar {{time}}.",
  newTab: "(öppnas i en ny flik)",
  contactRequest: "Lämna en kontaktbegäran",
  contactRequestUnavailable: "Den här tjänsten tar inte emot kontaktbegäran nu. Du kan chatta med en yrkesperson från första sidan.",
  orChat: "Eller chatta direkt med en yrkesperson:",
};
const en: typeof fi = {
  topics: "Topics",
  back: "Back",
  startOver: "Start over",
  steps: "Your choices",
  startChat: "Start the chat",
  closed: "The chat is closed now.",
  closedUntil: "The chat is closed now. It opens {{time}}.",
  newTab: "(opens in a new tab)",
  contactRequest: "Leave a contact request",
  contactRequestUnavailable: "This service is not taking contact requests now. You can chat with a professional from the first page.",
  orChat: "Or chat with a professional straight away:",
};

export const clickbotTexts = { fi, sv, en };
