/** Variant weights: Shopify keeps the value in the unit it was given; grams are derived for rules and payloads. */
import type { Weight, WeightUnit } from "./types";

/** Grams per unit of the Admin API's WeightUnit enum (1 lb = 453.59237 g by definition; 1 oz = 1/16 lb). */
const GRAMS_PER: Record<WeightUnit, number> = {
  GRAMS: 1,
  KILOGRAMS: 1000,
  POUNDS: 453.59237,
  OUNCES: 28.349523125,
};

/** The weight in grams, or undefined for an unknown unit or a negative or non-finite value. */
export function weightInGrams(weight: Weight): number | undefined {
  const factor = GRAMS_PER[weight.unit];
  if (factor === undefined || !Number.isFinite(weight.value) || weight.value < 0) return undefined;
  // Round away float noise (1.5 lb = 680.388555 g) without losing precision a merchant can enter.
  return Math.round(weight.value * factor * 1e6) / 1e6;
}
