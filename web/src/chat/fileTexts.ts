// The texts of files in chats, in Finnish, Swedish and English, for both the citizen's page
// (citizen/texts.ts) and the desktop (i18n/*.ts), each under "files". sv and en must have the
// same keys (the type checks).
const fi = {
  attach: "Liitä tiedosto",
  attachHint: "Kuva (JPEG, PNG tai WebP) tai PDF, enintään {{max}} Mt.",
  sending: "Lähetetään tiedostoa {{name}}: {{percent}} %",
  sent: "Tiedosto {{name}} lähetetty.",
  refused: "Tiedostoa {{name}} ei lähetetty: {{reason}}",
  reasons: {
    too_large: "tiedosto on liian suuri (enintään {{max}} Mt)",
    unsupported_type: "vain kuvat (JPEG, PNG, WebP) ja PDF-tiedostot kelpaavat, eikä tiedosto ole sitä, miltä nimi näyttää",
    infected: "virustarkistus löysi tiedostosta haittaohjelman",
    empty: "tiedosto on tyhjä",
    damaged: "kuva on vioittunut",
    ended: "keskustelu on päättynyt",
    rate_limited: "lähetit liian nopeasti, yritä hetken päästä",
    scanner_unavailable: "tiedostoja ei voida nyt tarkistaa, yritä myöhemmin",
    failed: "lähetys ei onnistunut, yritä uudelleen",
  },
  image: "Kuva: {{name}}",
  download: "Lataa {{name}} ({{size}})",
  loading: "Ladataan tiedostoa {{name}}…",
  unavailable: "Tiedostoa {{name}} ei voitu näyttää.",
};

type FileTexts = typeof fi;

const sv: FileTexts = {
  attach: "Bifoga fil",
  attachHint: "En bild (JPEG, PNG eller WebP) eller en PDF, högst {{max}} MB.",
  sending: "Filen {{name}} skickas: {{percent}} %",
  sent: "Filen {{name}} har skickats.",
  refused: "Filen {{name}} skickades inte: {{reason}}",
  reasons: {
    too_large: "filen är för stor (högst {{max}} MB)",
    unsupported_type: "bara bilder (JPEG, PNG, WebP) och PDF-filer godtas, och filen är inte vad namnet säger",
    infected: "viruskontrollen hittade skadlig kod i filen",
    empty: "filen är tom",
    damaged: "bilden är skadad",
    ended: "chatten har avslutats",
    rate_limited: "du skickade för snabbt, försök om en stund",
    scanner_unavailable: "filer kan inte kontrolleras just nu, försök senare",
    failed: "det gick inte att skicka, försök igen",
  },
  image: "Bild: {{name}}",
  download: "Ladda ner {{name}} ({{size}})",
  loading: "Filen {{name}} laddas…",
  unavailable: "Filen {{name}} kunde inte visas.",
};

const en: FileTexts = {
  attach: "Attach a file",
  attachHint: "A picture (JPEG, PNG or WebP) or a PDF, at most {{max}} MB.",
  sending: "Sending {{name}}: {{percent}} %",
  sent: "{{name}} was sent.",
  refused: "{{name}} was not sent: {{reason}}",
  reasons: {
    too_large: "the file is too large (at most {{max}} MB)",
    unsupported_type: "only pictures (JPEG, PNG, WebP) and PDF files are accepted, and the file is not what its name says",
    infected: "the virus check found malware in the file",
    empty: "the file is empty",
    damaged: "the picture is damaged",
    ended: "the chat has ended",
    rate_limited: "you sent too fast; try again in a moment",
    scanner_unavailable: "files cannot be checked right now; try again later",
    failed: "sending failed; try again",
  },
  image: "Picture: {{name}}",
  download: "Download {{name}} ({{size}})",
  loading: "Loading {{name}}…",
  unavailable: "{{name}} could not be shown.",
};

export const fileTexts = { fi, sv, en };
