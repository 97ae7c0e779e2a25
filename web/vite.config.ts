// Builds the web app into web/static, the directory the server serves ([http] web_root): the
// staff's app (index.html: the desktop, the supervisor's and the admin's views) and the
// citizen's chat page (chat/index.html, served at /chat/), two entry points sharing the API
// client and the language machinery.
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The entry points a module is loaded from (statically or on demand), found by walking its
// importers up: a library only the chat page uses must not land in the staff app's chunks, and
// the other way round.
type ModuleInfoOf = (id: string) => { importers: string[]; dynamicImporters: string[]; isEntry?: boolean } | null;
function entries(id: string, info: ModuleInfoOf): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>([id]);
  const todo = [id];
  while (todo.length > 0) {
    const m = todo.pop()!;
    if (/[\\/]src[\\/]citizen[\\/]main\.tsx$/.test(m)) out.add("chat");
    else if (/[\\/]src[\\/]main\.tsx$/.test(m)) out.add("staff");
    const i = info(m);
    for (const parent of [...(i?.importers ?? []), ...(i?.dynamicImporters ?? [])]) {
      if (!seen.has(parent)) {
        seen.add(parent);
        todo.push(parent);
      }
    }
  }
  return out;
}

// The chunk of a library module: the staff app's (vendor), the chat page's (chat-vendor) or the
// one both load (framework). ECharts is left to the chunk of the reports that load it.
const chunks = new Map<string, string | null>();
// The app's own modules both pages use (the API client, the language machinery, the chat's
// message logic) are one more chunk, "shared".
function chunkOf(id: string, ctx: { getModuleInfo: ModuleInfoOf }): string | null {
  const library = /node_modules[\\/]/.test(id);
  if (/node_modules[\\/](echarts|zrender)[\\/]/.test(id)) return null;
  if (id.includes("modulepreload-polyfill")) return "shared"; // Vite's, loaded by both pages
  let chunk = chunks.get(id);
  if (chunk === undefined) {
    const e = entries(id, (m) => ctx.getModuleInfo(m));
    const both = e.has("chat") && e.has("staff");
    if (!library) chunk = both ? "shared" : null;
    else chunk = both ? "framework" : e.has("chat") ? "chat-vendor" : "vendor";
    chunks.set(id, chunk);
  }
  return chunk;
}

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "static",
    emptyOutDir: true,
    rolldownOptions: {
      input: { index: "index.html", chat: "chat/index.html" },
      output: {
        codeSplitting: {
          // The staff app: one chunk for its framework and libraries so that the app's own code
          // can change without busting it. The charts (ECharts and its renderer) and the browser
          // phone's gateway library (janus.js and its WebRTC adapter) stay out of it: only the
          // reports and a browser phone load them. React and i18next, which both pages use, are
          // a chunk of their own; the chat page's libraries (suomi.fi's components and
          // styled-components) another, which the staff app never loads.
          groups: [
            { name: "phone", priority: 4, test: /node_modules[\\/](janus-gateway|webrtc-adapter|sdp)[\\/]/ },
            // The shared chunk first: a group takes the modules its modules import along, so the
            // chat page's libraries would otherwise take React with them.
            { name: (id, ctx) => (chunkOf(id, ctx) === "framework" ? "framework" : null), priority: 3 },
            { name: (id, ctx) => (chunkOf(id, ctx) === "vendor" ? "vendor" : null), priority: 2 },
            { name: (id, ctx) => (chunkOf(id, ctx) === "chat-vendor" ? "chat-vendor" : null), priority: 1 },
            { name: (id, ctx) => (chunkOf(id, ctx) === "shared" ? "shared" : null), priority: 0 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { "/api": { target: "http://127.0.0.1:8080", ws: true }, "/healthz": "http://127.0.0.1:8080" },
  },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
