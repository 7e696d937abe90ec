/** Word banks and small generators for plausible storefront content. */
import type { Rng } from "../core";

const ADJECTIVES = ["Organic", "Handmade", "Everyday", "Classic", "Seasonal", "Sustainable", "Essential", "Modern", "Vintage", "Cozy", "Bright", "Minimal"];
const NOUNS = ["Linen", "Ceramics", "Coffee", "Candles", "Denim", "Wool", "Leather", "Tea", "Skincare", "Stationery", "Plants", "Knitwear"];
const TOPICS = ["care guide", "behind the scenes", "styling tips", "gift ideas", "new arrivals", "studio diary", "how it's made", "sourcing story", "customer stories", "holiday edit"];
const SENTENCES = [
  "Every piece is made in small batches by a team that cares about the details.",
  "We work directly with growers and makers, so we know where everything comes from.",
  "Orders placed before 2 pm ship the same day from our studio.",
  "Our materials are chosen to last for years, not seasons.",
  "Returns are free within 30 days of delivery, no questions asked.",
  "Wash cold, hang to dry, and the colours will stay true for longer.",
  "We photograph every product in natural light so what you see is what you get.",
  "Sign up to our newsletter for early access to limited releases.",
  "Packaging is plastic-free and fully recyclable.",
  "Questions? Our customer care team answers within one business day.",
  "This season we tried three new dyes and kept the one that aged best.",
  "A portion of every sale supports the community workshops we run each month.",
];
export const FIRST_NAMES = ["Ava", "Noah", "Mia", "Liam", "Zoe", "Ethan", "Chloe", "Lucas", "Ines", "Hugo", "Sofia", "Mateo"];
export const LAST_NAMES = ["Martin", "Nguyen", "Okafor", "Schmidt", "Rossi", "Dubois", "Tanaka", "Silva", "Kowalski", "Haddad"];
export const TAGS = ["news", "guide", "behind-the-scenes", "sale", "sustainability", "how-to", "gift", "collaboration", "events", "recipes"];

/** Shopify-style handle: lowercase, ASCII words joined by hyphens. */
export function handleize(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "untitled"
  );
}

export function productPhrase(rng: Rng): string {
  return `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
}

export function articleTitle(rng: Rng): string {
  const topic = rng.pick(TOPICS);
  return `${productPhrase(rng)}: ${topic.charAt(0).toUpperCase()}${topic.slice(1)}`;
}

export function personName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

/** A few HTML paragraphs (optionally with a heading and a list). */
export function htmlBody(rng: Rng, paragraphs: number): string {
  const parts: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    if (p > 0 && rng.bool(0.3)) parts.push(`<h2>${productPhrase(rng)}</h2>`);
    const sentences = rng.sample(SENTENCES, rng.int(2, 4));
    parts.push(`<p>${sentences.join(" ")}</p>`);
    if (rng.bool(0.2)) parts.push(`<ul>${rng.sample(SENTENCES, 3).map((s) => `<li>${s}</li>`).join("")}</ul>`);
  }
  return parts.join("\n");
}

/** Plain text of an HTML fragment, truncated like Shopify's bodySummary. */
export function summarize(html: string, max = 150): string {
  const text = html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** An ISO timestamp `daysBefore` (fractional) days before `from`. */
export function daysBefore(from: Date, daysBefore: number): string {
  return new Date(from.getTime() - Math.round(daysBefore * 86_400_000 / 1000) * 1000).toISOString();
}

/** `wanted`, or `wanted-1`, `wanted-2`… if taken: how Shopify de-duplicates generated handles. */
export function uniqueHandle(wanted: string, taken: (handle: string) => boolean): string {
  let handle = wanted;
  for (let n = 1; taken(handle); n++) handle = `${wanted}-${n}`;
  return handle;
}
