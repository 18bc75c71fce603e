import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";
import { offline } from "./scripts/vite-plugin-offline.ts";

/**
 * The Content-Security-Policy: scripts, styles, the worker and everything else from the
 * lab's own origin only, no inline script or style element, no plugins, no frames, no
 * forms. The production build carries it in a <meta> tag (any static host serves it);
 * the dev server does not, since Vite's hot reload injects an inline script there.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function contentSecurityPolicy(): Plugin {
  return {
    name: "content-security-policy",
    apply: "build",
    transformIndexHtml: () => [
      { tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CSP }, injectTo: "head-prepend" },
    ],
  };
}

export default defineConfig({
  // Relative URLs: the same build works at a domain's root or under any sub-path.
  base: "./",
  plugins: [react(), tailwindcss(), offline(), contentSecurityPolicy()],
  worker: { format: "es" },
  build: {
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: "xyflow", test: /node_modules[\\/](@xyflow|d3-[^\\/]+|zustand|classcat)[\\/]/ },
            { name: "motion", test: /node_modules[\\/](motion|framer-motion|motion-dom|motion-utils)[\\/]/ },
            { name: "i18n", test: /node_modules[\\/](i18next|react-i18next)[\\/]/ },
          ],
        },
      },
    },
  },
  // The preview server sends the policy as a header too, so the worker's own script is held to it,
  // and adds what only a header can say: no page may frame the lab.
  preview: {
    port: 4173,
    strictPort: true,
    headers: { "Content-Security-Policy": `${CSP}; frame-ancestors 'none'` },
  },
});
