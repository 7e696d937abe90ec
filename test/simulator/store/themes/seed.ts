/**
 * Deterministic Online Store 2.0 theme files (Dawn-like layout): liquid
 * layouts, sections and snippets, JSON templates, config and locales, CSS/JS/
 * SVG assets, and binary PNG/WOFF2 assets with realistic sizes.
 */
import type { Rng } from "../core";
import { makePng, makeWoff2 } from "./png";

/** The first files of every theme, so even the tiny preset has each kind (including binaries). */
const CORE_FILES = [
  "layout/theme.liquid",
  "config/settings_schema.json",
  "config/settings_data.json",
  "templates/index.json",
  "sections/header.liquid",
  "snippets/price.liquid",
  "locales/en.default.json",
  "assets/base.css",
  "assets/global.js",
  "assets/icon-cart.svg",
  "assets/hero-banner.png",
  "assets/body-font.woff2",
];

const MORE_FILES = [
  "layout/password.liquid",
  ...["product", "collection", "page", "cart", "blog", "article", "search", "404", "list-collections", "password", "page.contact", "product.alternate"].map((t) => `templates/${t}.json`),
  ...["account", "login", "register", "order", "addresses"].map((t) => `templates/customers/${t}.liquid`),
  "templates/gift_card.liquid",
  ...["footer", "main-product", "main-collection-product-grid", "featured-collection", "image-banner", "rich-text", "multicolumn", "newsletter", "announcement-bar", "slideshow", "collage", "video", "main-cart-items", "main-article", "main-blog", "main-page", "main-search", "main-404", "featured-blog", "contact-form", "collapsible-content", "image-with-text"].map((s) => `sections/${s}.liquid`),
  ...["card-product", "card-collection", "product-variant-picker", "facets", "pagination", "social-icons", "meta-tags", "loading-spinner", "cart-drawer", "header-drawer", "product-media-gallery", "share-button"].map((s) => `snippets/${s}.liquid`),
  ...["fr", "de", "es", "it", "ja", "pt-BR", "nl"].map((l) => `locales/${l}.json`),
  "locales/en.default.schema.json",
  ...["cart", "facets", "slider", "card", "price", "rating", "search", "newsletter", "accordion", "list-menu"].map((c) => `assets/component-${c}.css`),
  ...["cart", "facets", "product-form", "predictive-search", "details-modal", "media-gallery", "animations", "pubsub"].map((j) => `assets/${j}.js`),
  ...["account", "arrow", "caret", "close", "search", "plus", "minus", "share"].map((i) => `assets/icon-${i}.svg`),
  "assets/logo.png",
  "assets/collection-placeholder.png",
  "assets/lookbook-1.png",
  "assets/heading-font.woff2",
];

/** The theme's file names: the core set, then the fuller list, then numbered custom files. */
export function themeFilenames(count: number): string[] {
  const names = [...CORE_FILES, ...MORE_FILES].slice(0, count);
  for (let k = 1; names.length < count; k++) {
    const kind = k % 4;
    names.push(kind === 0 ? `assets/image-${k}.png` : kind === 1 ? `sections/custom-section-${k}.liquid` : kind === 2 ? `snippets/custom-${k}.liquid` : `assets/icon-custom-${k}.svg`);
  }
  return names;
}

const TEXT_EXTENSIONS = new Set(["liquid", "json", "css", "js", "svg", "txt", "scss", "map"]);

export function isTextFile(filename: string): boolean {
  return TEXT_EXTENSIONS.has(filename.split(".").pop() ?? "");
}

/** Content types as Shopify reports them for theme files. */
export function contentTypeOf(filename: string): string {
  const ext = filename.split(".").pop() ?? "";
  const types: Record<string, string> = {
    liquid: "text/x-liquid",
    json: "application/json",
    css: "text/css",
    js: "application/javascript",
    svg: "image/svg+xml",
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    gif: "image/gif",
    webp: "image/webp",
    woff2: "font/woff2",
    woff: "font/woff",
    ttf: "font/ttf",
    txt: "text/plain",
  };
  return types[ext] ?? "application/octet-stream";
}

/** Bytes of one seeded file. */
export function generateFile(rng: Rng, filename: string): Uint8Array {
  const ext = filename.split(".").pop();
  if (ext === "png") {
    // The hero image is the heavy one; others are logos and thumbnails.
    const target = filename.includes("hero") ? rng.int(150_000, 300_000) : rng.int(4_000, 90_000);
    return makePng(rng, target);
  }
  if (ext === "woff2") return makeWoff2(rng, rng.int(15_000, 40_000));
  const target = filename === "assets/base.css" ? rng.int(40_000, 60_000) : filename.endsWith(".js") ? rng.int(3_000, 30_000) : rng.int(1_000, 12_000);
  return Buffer.from(generateText(rng, filename, target), "utf8");
}

function generateText(rng: Rng, filename: string, target: number): string {
  const name = filename.split("/").pop()?.replace(/\.[^.]+$/, "") ?? "file";
  if (filename.endsWith(".svg")) {
    const paths = Array.from({ length: rng.int(1, 4) }, () => `  <path d="M${rng.int(0, 20)} ${rng.int(0, 20)}L${rng.int(0, 20)} ${rng.int(0, 20)}" stroke="currentColor" stroke-width="1.5"/>`);
    return `<svg xmlns="http://www.w3.org/2000/svg" aria-hidden="true" focusable="false" class="icon icon-${name}" fill="none" viewBox="0 0 20 20">\n${paths.join("\n")}\n</svg>\n`;
  }
  if (filename.endsWith(".json")) return generateJson(rng, filename, target);
  const unit =
    filename.endsWith(".css")
      ? (i: number) => `.${name}-${i} {\n  display: ${rng.pick(["flex", "grid", "block"])};\n  gap: ${rng.int(0, 4)}rem;\n  color: rgba(var(--color-foreground), 0.${rng.int(5, 9)});\n}\n@media screen and (min-width: ${rng.pick([750, 990])}px) {\n  .${name}-${i} { padding: ${rng.int(1, 5)}rem; }\n}\n`
      : filename.endsWith(".js")
        ? (i: number) => `class ${toPascal(name)}${i} extends HTMLElement {\n  constructor() {\n    super();\n    this.addEventListener('${rng.pick(["click", "change", "keyup"])}', this.on${i}.bind(this));\n  }\n  on${i}(event) {\n    event.preventDefault();\n    this.querySelector('[data-${name}]')?.classList.toggle('is-active');\n  }\n}\ncustomElements.define('${name}-${i}', ${toPascal(name)}${i});\n`
        : (i: number) => `<div class="${name}__block-${i} page-width">\n  {%- if section.settings.show_${i} -%}\n    <h2 class="h${rng.int(1, 3)}">{{ section.settings.heading_${i} | escape }}</h2>\n    {% render 'price', product: product %}\n  {%- endif -%}\n  {{ '${rng.pick(["general", "products", "sections"])}.${name}.label_${i}' | t }}\n</div>\n`;
  let text = filename.startsWith("layout/")
    ? `<!doctype html>\n<html class="no-js" lang="{{ request.locale.iso_code }}">\n  <head>\n    <meta charset="utf-8">\n    <title>{{ page_title }}</title>\n    {{ content_for_header }}\n    {{ 'base.css' | asset_url | stylesheet_tag }}\n  </head>\n  <body>\n    {% sections 'header-group' %}\n    <main id="MainContent" role="main">{{ content_for_layout }}</main>\n`
    : "";
  for (let i = 1; text.length < target; i++) text += unit(i);
  if (filename.startsWith("sections/")) {
    text += `\n{% schema %}\n${JSON.stringify({ name: `t:sections.${name}.name`, tag: "section", settings: [{ type: "text", id: "heading_1", default: toPascal(name) }] }, null, 2)}\n{% endschema %}\n`;
  }
  if (filename.startsWith("layout/")) text += "  </body>\n</html>\n";
  return text;
}

function generateJson(rng: Rng, filename: string, target: number): string {
  const name = filename.split("/").pop()?.replace(/\.json$/, "") ?? "file";
  const body: Record<string, unknown> = {};
  if (filename.startsWith("templates/")) {
    const sections: Record<string, unknown> = {};
    for (let i = 1; JSON.stringify(sections).length < target; i++) {
      sections[`${name}_${i}`] = { type: rng.pick(["image-banner", "rich-text", "featured-collection", "multicolumn"]), settings: { heading: `Section ${i}`, padding_top: rng.int(0, 80), color_scheme: `scheme-${rng.int(1, 5)}` } };
    }
    Object.assign(body, { sections, order: Object.keys(sections) });
    // Shopify prepends this comment to JSON templates it writes; JSON readers must tolerate it.
    return `/*\n * ------------------------------------------------------------\n * IMPORTANT: The contents of this file are auto-generated.\n * ------------------------------------------------------------\n */\n${JSON.stringify(body, null, 2)}\n`;
  }
  if (filename === "config/settings_schema.json") {
    const groups = [{ name: "theme_info", theme_name: "Dawn", theme_version: "15.2.0", theme_author: "Shopify" }] as unknown[];
    for (let i = 1; JSON.stringify(groups).length < target; i++) groups.push({ name: `t:settings_schema.group_${i}.name`, settings: [{ type: "color", id: `color_${i}`, default: `#${rng.int(0, 0xffffff).toString(16).padStart(6, "0")}` }, { type: "range", id: `spacing_${i}`, min: 0, max: 40, step: 4, default: rng.int(0, 10) * 4 }] });
    return `${JSON.stringify(groups, null, 2)}\n`;
  }
  if (filename === "config/settings_data.json") {
    const current: Record<string, unknown> = { logo_width: rng.int(60, 200), type_header_font: "assistant_n4" };
    for (let i = 1; JSON.stringify(current).length < target; i++) current[`color_${i}`] = `#${rng.int(0, 0xffffff).toString(16).padStart(6, "0")}`;
    return `${JSON.stringify({ current, presets: { Default: { logo_width: 90 } } }, null, 2)}\n`;
  }
  for (let i = 1; JSON.stringify(body).length < target; i++) {
    body[`section_${i}`] = { heading: `${toPascal(name)} heading ${i}`, label: `Label ${rng.int(1, 999)}`, description: `Description of block ${i}` };
  }
  return `${JSON.stringify({ general: body }, null, 2)}\n`;
}

function toPascal(text: string): string {
  return text.replace(/(^|[-_.])(\w)/g, (_m, _s, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "");
}
