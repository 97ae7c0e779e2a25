import "@mantine/core/styles.css";
import "./app.css";
import { createRoot } from "react-dom/client";
import { MantineProvider, createTheme } from "@mantine/core";
import { initI18n } from "./i18n";
import { App } from "./views/App";

const theme = createTheme({
  primaryColor: "blue",
  // The darkest shade: text on filled buttons, and outline buttons on a highlighted row, keep
  // a 4.5:1 contrast.
  primaryShade: 9,
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
});

initI18n();
createRoot(document.getElementById("root")!).render(
  <MantineProvider theme={theme}>
    <App />
  </MantineProvider>,
);
