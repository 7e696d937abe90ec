/**
 * Backup settings a merchant chooses: how often to snapshot, how long to keep
 * snapshots, and which data to cover. Shared by the settings form (client) and
 * the server that validates and stores them.
 */
export const FREQUENCIES = ["hourly", "daily", "weekly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const DATA_TYPES = [
  "products",
  "collections",
  "inventory",
  "customers",
  "orders",
  "content",
  "metaobjects",
  "themes",
  "shop",
] as const;
export type DataType = (typeof DATA_TYPES)[number];

export interface BackupSettings {
  frequency: Frequency;
  /** Snapshots kept per period (restic-style: keep daily N, weekly N, monthly N). */
  retention: { daily: number; weekly: number; monthly: number };
  dataTypes: DataType[];
  /**
   * Shops whose snapshots may be restored into this one (this shop is their
   * clone, e.g. a development store). Set by this shop's own admin: a shop
   * never writes into another that did not ask for it.
   */
  acceptRestoresFrom: string[];
}

export const DEFAULT_SETTINGS: BackupSettings = {
  frequency: "daily",
  retention: { daily: 30, weekly: 12, monthly: 12 },
  dataTypes: [...DATA_TYPES],
  acceptRestoresFrom: [],
};

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export const RETENTION_LIMITS = { daily: 365, weekly: 104, monthly: 120 } as const;

export type SettingsErrors = Partial<
  Record<"frequency" | "daily" | "weekly" | "monthly" | "dataTypes" | "acceptRestoresFrom", string>
>;

/** Validates submitted form fields; returns the settings or per-field messages. */
export function parseSettingsForm(form: {
  get(name: string): unknown;
  getAll(name: string): unknown[];
}): { ok: true; settings: BackupSettings } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const frequency = String(form.get("frequency") ?? "");
  if (!(FREQUENCIES as readonly string[]).includes(frequency))
    errors.frequency = "Choose how often to back up.";

  const retention = { daily: 0, weekly: 0, monthly: 0 };
  for (const period of ["daily", "weekly", "monthly"] as const) {
    const raw = String(form.get(period) ?? "").trim();
    const value = Number(raw);
    const max = RETENTION_LIMITS[period];
    if (!/^\d+$/.test(raw) || value > max)
      errors[period] = `Enter a whole number from 0 to ${max}.`;
    else retention[period] = value;
  }
  if (
    !errors.daily &&
    !errors.weekly &&
    !errors.monthly &&
    retention.daily + retention.weekly + retention.monthly === 0
  ) {
    errors.daily = "Keep at least one snapshot.";
  }

  const chosen = form.getAll("dataTypes").map(String);
  const unknown = chosen.filter((type) => !(DATA_TYPES as readonly string[]).includes(type));
  if (unknown.length > 0) errors.dataTypes = `Unknown data types: ${unknown.join(", ")}.`;
  else if (chosen.length === 0) errors.dataTypes = "Choose at least one kind of data to back up.";

  const sources = String(form.get("acceptRestoresFrom") ?? "")
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const invalid = sources.filter((s) => !SHOP_DOMAIN.test(s));
  if (invalid.length > 0) errors.acceptRestoresFrom = `Not a shop domain (like my-store.myshopify.com): ${invalid.join(", ")}.`;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const dataTypes = DATA_TYPES.filter((type) => chosen.includes(type));
  return { ok: true, settings: { frequency: frequency as Frequency, retention, dataTypes, acceptRestoresFrom: [...new Set(sources)] } };
}

/** Reads stored settings, falling back to defaults for anything missing or malformed. */
export function settingsFromJson(value: unknown): BackupSettings {
  if (!value || typeof value !== "object") return DEFAULT_SETTINGS;
  const raw = value as Partial<BackupSettings>;
  const retention = { ...DEFAULT_SETTINGS.retention, ...(raw.retention ?? {}) };
  return {
    frequency: (FREQUENCIES as readonly string[]).includes(String(raw.frequency))
      ? (raw.frequency as Frequency)
      : DEFAULT_SETTINGS.frequency,
    retention,
    dataTypes: Array.isArray(raw.dataTypes)
      ? DATA_TYPES.filter((type) => (raw.dataTypes as unknown[]).includes(type))
      : DEFAULT_SETTINGS.dataTypes,
    acceptRestoresFrom: Array.isArray(raw.acceptRestoresFrom) ? raw.acceptRestoresFrom.filter((s): s is string => typeof s === "string" && SHOP_DOMAIN.test(s)) : [],
  };
}
