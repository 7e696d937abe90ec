/** Settings form validation: good input becomes settings, bad input becomes per-field messages. */
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, parseSettingsForm, settingsFromJson } from "./settings";

function form(fields: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of fields) data.append(name, value);
  return data;
}

describe("parseSettingsForm", () => {
  it("accepts a complete form", () => {
    const result = parseSettingsForm(
      form([
        ["frequency", "weekly"],
        ["daily", "7"],
        ["weekly", "4"],
        ["monthly", "0"],
        ["dataTypes", "themes"],
        ["dataTypes", "products"],
      ]),
    );
    expect(result).toEqual({
      ok: true,
      settings: {
        frequency: "weekly",
        retention: { daily: 7, weekly: 4, monthly: 0 },
        dataTypes: ["products", "themes"],
        acceptRestoresFrom: [],
      },
    });
  });

  it("takes the shops this one accepts restores from, and names the ones that are not shop domains", () => {
    const base: [string, string][] = [["frequency", "daily"], ["daily", "7"], ["weekly", "0"], ["monthly", "0"], ["dataTypes", "products"]];
    const good = parseSettingsForm(form([...base, ["acceptRestoresFrom", "Main-Store.myshopify.com, other.myshopify.com main-store.myshopify.com"]]));
    expect(good.ok && good.settings.acceptRestoresFrom).toEqual(["main-store.myshopify.com", "other.myshopify.com"]);
    const bad = parseSettingsForm(form([...base, ["acceptRestoresFrom", "evil.example.com, ok.myshopify.com"]]));
    expect(bad).toEqual({ ok: false, errors: { acceptRestoresFrom: "Not a shop domain (like my-store.myshopify.com): evil.example.com." } });
  });

  it("returns a message for every bad field", () => {
    const result = parseSettingsForm(
      form([
        ["frequency", "yearly"],
        ["daily", "-1"],
        ["weekly", "x"],
        ["monthly", "1000"],
      ]),
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(Object.keys(result.errors).sort()).toEqual([
        "daily",
        "dataTypes",
        "frequency",
        "monthly",
        "weekly",
      ]);
  });

  it("refuses to keep nothing and unknown data types", () => {
    const result = parseSettingsForm(
      form([
        ["frequency", "daily"],
        ["daily", "0"],
        ["weekly", "0"],
        ["monthly", "0"],
        ["dataTypes", "passwords"],
      ]),
    );
    expect(result).toEqual({
      ok: false,
      errors: { daily: "Keep at least one snapshot.", dataTypes: "Unknown data types: passwords." },
    });
  });
});

describe("settingsFromJson", () => {
  it("falls back to defaults for missing or malformed stored values", () => {
    expect(settingsFromJson({})).toEqual(DEFAULT_SETTINGS);
    expect(settingsFromJson({ frequency: "hourly", dataTypes: ["orders", "bogus"] })).toEqual({
      ...DEFAULT_SETTINGS,
      frequency: "hourly",
      dataTypes: ["orders"],
    });
  });
});
