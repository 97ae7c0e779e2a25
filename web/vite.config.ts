// Builds the web app into web/static, the directory the server serves ([http] web_root).
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "static",
    emptyOutDir: true,
    // One chunk for the framework so the app's own code can change without busting it. The
    // charts (ECharts and its renderer) and the browser phone's gateway library (janus.js and its
    // WebRTC adapter) stay out of it: only the reports and a browser phone load them.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "phone", test: /node_modules[\\/](janus-gateway|webrtc-adapter|sdp)[\\/]/ },
            {
              name: "vendor",
              test: /node_modules[\\/](?!(echarts|zrender|janus-gateway|webrtc-adapter|sdp)[\\/])/,
            },
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
