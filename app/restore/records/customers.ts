/**
 * Customers through customerSet: names, email, phone, note, tags, locale,
 * tax exemptions, addresses (default first), metafields.
 *
 * Not restored, and said so in the preview: passwords and account state
 * (Shopify never exposes a password; an account invite is the customer's
 * own act), and marketing consent. Consent is the customer's legal choice
 * with its own timestamp: writing an older opt-in over a later opt-out
 * would send marketing to someone who said no.
 */
import { customers } from "~/backup/types/customers";
import * as Q from "~/shopify/queries/restore-records";
import type { JsonObject } from "../types";
import { metafieldFields, pick } from "./fields";
import type { Fields, RecordRestorer } from "./restorer";
import { liveByModule, sendMetafields, userErrors } from "./shared";

const SCALARS = ["firstName", "lastName", "email", "phone", "note", "locale", "taxExempt"] as const;
// Country and province names are derived from their codes by Shopify; the codes are what is written and compared.
const ADDRESS = ["firstName", "lastName", "company", "address1", "address2", "city", "provinceCode", "countryCodeV2", "zip", "phone"] as const;

export const CUSTOMER_NOT_RESTORED = "Passwords, account state (invited / enabled) and marketing consent are not restored: Shopify does not expose passwords, and consent stays as the customer last gave it.";

function fields(record: JsonObject): Fields {
  const all = (record.addressesV2 ?? []) as JsonObject[];
  const defaultId = (record.defaultAddress as JsonObject | null)?.id;
  const ordered = [...all.filter((a) => a.id === defaultId), ...all.filter((a) => a.id !== defaultId)];
  return {
    ...pick(record, SCALARS),
    tags: [...((record.tags ?? []) as string[])].sort(),
    taxExemptions: [...((record.taxExemptions ?? []) as string[])].sort(),
    addresses: ordered.map((a) => pick(a, ADDRESS)),
    ...metafieldFields(record),
  };
}

function setInput(f: Fields): JsonObject {
  const addresses = ((f.addresses ?? []) as JsonObject[]).map((a) => {
    const { countryCodeV2, ...rest } = a;
    return { ...rest, countryCode: countryCodeV2 ?? null } as JsonObject;
  });
  return {
    firstName: (f.firstName as string | null) ?? null,
    lastName: (f.lastName as string | null) ?? null,
    email: (f.email as string | null) ?? null,
    phone: (f.phone as string | null) ?? null,
    note: (f.note as string | null) ?? null,
    locale: (f.locale as string | null) ?? null,
    taxExempt: Boolean(f.taxExempt),
    tags: (f.tags ?? []) as string[],
    taxExemptions: (f.taxExemptions ?? []) as string[],
    addresses,
  };
}

export const customerRestorer: RecordRestorer = {
  type: "Customer",
  noun: "customer",
  limits: [CUSTOMER_NOT_RESTORED],
  fields,
  title: (r) => [r.firstName, r.lastName].filter(Boolean).join(" ") || String(r.email ?? r.phone ?? r.id),
  live: (ctx, gids) => liveByModule(customers, ctx, gids),
  async holder(ctx, f) {
    if (typeof f.email !== "string" || !f.email) return null;
    const { data } = await ctx.client.request<{ customerByIdentifier: { id: string } | null }>(Q.RESTORE_CUSTOMER_BY_EMAIL, { email: f.email }, { signal: ctx.signal });
    return data.customerByIdentifier?.id ?? null;
  },
  async write(ctx, { liveGid, fields: f, before }) {
    // Update by id; a re-create upserts by email when there is one, so a resend finds the customer the first send made.
    const identifier = liveGid ? { id: liveGid } : typeof f.email === "string" && f.email ? { email: f.email } : undefined;
    const { data } = await ctx.client.request<{ customerSet: { customer: { id: string } | null; userErrors: JsonObject[] } }>(
      Q.RESTORE_CUSTOMER_SET,
      { identifier, input: setInput(f) },
      { signal: ctx.signal },
    );
    const customer = data.customerSet.customer;
    if (data.customerSet.userErrors.length || !customer) return userErrors(data.customerSet.userErrors);
    const errors = await sendMetafields(ctx, customer.id, f, liveGid ? before : null);
    return { id: customer.id, userErrors: errors };
  },
  async remove(ctx, liveGid) {
    const { data } = await ctx.client.request<{ customerDelete: { deletedCustomerId: string | null; userErrors: JsonObject[] } }>(Q.RESTORE_CUSTOMER_DELETE, { id: liveGid }, { signal: ctx.signal });
    return { id: data.customerDelete.deletedCustomerId, userErrors: data.customerDelete.userErrors };
  },
};
