// Luukku's chat on the region's own web site: one script tag adds a "Chat" button that opens
// the chat page (/chat/ beside this script) in a panel. Nothing is loaded until the button is
// pressed; a closed panel keeps its chat, and the chat page keeps the chat over a reload of the
// site (docs/chat-web.md).
//
//   <script src="https://luukku.example.fi/chat/embed.js" data-lang="fi" defer></script>
//
// data-lang: fi, sv or en (default: the page's own lang attribute, else fi).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__luukkuChat) return;
  window.__luukkuChat = true;

  var texts = {
    fi: { open: "Chat", title: "Chat: keskustele ammattilaisen kanssa", close: "Sulje chat" },
    sv: { open: "Chatt", title: "Chatt: chatta med en yrkesperson", close: "Stäng chatten" },
    en: { open: "Chat", title: "Chat: chat with a professional", close: "Close the chat" },
  };
  var asked = (script.getAttribute("data-lang") || document.documentElement.lang || "fi").slice(0, 2).toLowerCase();
  var lang = texts[asked] ? asked : "fi";
  var t = texts[lang];
  var page = new URL("./", script.src);
  page.searchParams.set("lang", lang);

  function css(el, styles) {
    for (var k in styles) el.style[k] = styles[k];
    return el;
  }

  var button = css(document.createElement("button"), {
    position: "fixed", right: "1rem", bottom: "1rem", zIndex: "2147483000",
    padding: "0.75rem 1.25rem", border: "0", borderRadius: "2rem", cursor: "pointer",
    background: "#2a6ebb", color: "#ffffff", font: "600 1rem/1.2 system-ui, sans-serif",
    boxShadow: "0 2px 6px rgba(0,0,0,0.3)",
  });
  button.type = "button";
  button.textContent = t.open;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "luukku-chat-panel");
  button.setAttribute("data-luukku-chat", "button");

  var panel = null;
  var closeButton = null;

  function narrow() {
    return window.matchMedia("(max-width: 480px)").matches;
  }

  function layout() {
    if (!panel) return;
    css(panel, narrow()
      ? { right: "0", bottom: "0", width: "100%", height: "100%", borderRadius: "0" }
      : { right: "1rem", bottom: "4.5rem", width: "24rem", height: "min(40rem, calc(100vh - 6rem))", borderRadius: "4px" });
  }

  function build() {
    panel = css(document.createElement("section"), {
      position: "fixed", zIndex: "2147483001", display: "flex", flexDirection: "column",
      background: "#ffffff", border: "1px solid #c8cdd0", boxShadow: "0 4px 16px rgba(0,0,0,0.3)",
      overflow: "hidden",
    });
    panel.id = "luukku-chat-panel";
    panel.setAttribute("aria-label", t.title);
    panel.setAttribute("data-luukku-chat", "panel");
    var bar = css(document.createElement("div"), { display: "flex", justifyContent: "flex-end", borderBottom: "1px solid #c8cdd0" });
    closeButton = css(document.createElement("button"), {
      border: "0", background: "none", color: "#1f2933", cursor: "pointer",
      padding: "0.5rem 0.75rem", font: "1rem/1.2 system-ui, sans-serif",
    });
    closeButton.type = "button";
    var cross = document.createElement("span");
    cross.setAttribute("aria-hidden", "true");
    cross.textContent = "✕ ";
    closeButton.appendChild(cross);
    closeButton.appendChild(document.createTextNode(t.close));
    closeButton.addEventListener("click", close);
    bar.appendChild(closeButton);
    var frame = css(document.createElement("iframe"), { flex: "1", width: "100%", border: "0" });
    frame.title = t.title;
    frame.src = page.href;
    frame.setAttribute("data-luukku-chat", "frame");
    panel.appendChild(bar);
    panel.appendChild(frame);
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape") close();
    });
    document.body.appendChild(panel);
    layout();
    window.addEventListener("resize", layout);
  }

  function open() {
    if (!panel) build();
    panel.hidden = false;
    css(panel, { display: "flex" });
    button.setAttribute("aria-expanded", "true");
    if (narrow()) css(button, { display: "none" });
    closeButton.focus();
  }

  function close() {
    css(panel, { display: "none" });
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    css(button, { display: "" });
    button.focus();
  }

  button.addEventListener("click", function () {
    if (panel && !panel.hidden) close();
    else open();
  });

  function add() {
    document.body.appendChild(button);
  }
  if (document.body) add();
  else document.addEventListener("DOMContentLoaded", add);
})();
