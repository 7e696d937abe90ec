import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { getDb } from "~/db/shared.server";
import {
  DATA_TYPES,
  FREQUENCIES,
  parseSettingsForm,
  type BackupSettings,
  type DataType,
} from "~/services/settings";
import { loadSettings, saveSettings } from "~/services/shops.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { settings: await loadSettings(getDb(), session.shop) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = parseSettingsForm(await request.formData());
  // Expected mistakes go back to the form as data, with a 400.
  if (!parsed.ok) return Response.json({ saved: false, errors: parsed.errors }, { status: 400 });
  await saveSettings(
    getDb(),
    session.shop,
    parsed.settings,
    `merchant:${sessionToken?.sub ?? "unknown"}`,
  );
  return Response.json({ saved: true, errors: {} });
};

const LABELS: Record<DataType, string> = {
  products: "Products, variants and media",
  collections: "Collections",
  inventory: "Inventory levels",
  customers: "Customers",
  orders: "Orders",
  content: "Pages, blogs, redirects and menus",
  metaobjects: "Metaobjects and definitions",
  themes: "Theme files",
  shop: "Shop settings and policies",
};

type ActionResult = { saved: boolean; errors: Partial<Record<string, string>> };

/** Backup settings: how often, how long to keep, what to cover. */
export default function Settings() {
  const { settings } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const navigation = useNavigation();
  const [form, setForm] = useState<BackupSettings>(settings);
  useEffect(() => setForm(settings), [settings]);
  const errors = result?.errors ?? {};
  const toggle = (type: DataType, on: boolean) =>
    setForm((f) => ({
      ...f,
      dataTypes: on ? [...f.dataTypes, type] : f.dataTypes.filter((t) => t !== type),
    }));

  return (
    <Page title="Backup settings" backAction={{ url: "/app" }}>
      <Layout>
        <Layout.Section>
          <Form method="post">
            <BlockStack gap="400">
              {result?.saved ? <Banner tone="success" title="Settings saved" /> : null}
              <Card>
                <FormLayout>
                  <Select
                    label="Back up"
                    name="frequency"
                    options={FREQUENCIES.map((f) => ({
                      label: f[0].toUpperCase() + f.slice(1),
                      value: f,
                    }))}
                    value={form.frequency}
                    onChange={(value) =>
                      setForm((f) => ({ ...f, frequency: value as BackupSettings["frequency"] }))
                    }
                    error={errors.frequency}
                  />
                  <FormLayout.Group condensed>
                    {(["daily", "weekly", "monthly"] as const).map((period) => (
                      <TextField
                        key={period}
                        label={`Keep ${period} snapshots`}
                        name={period}
                        type="number"
                        autoComplete="off"
                        value={String(form.retention[period])}
                        onChange={(value) =>
                          setForm((f) => ({
                            ...f,
                            retention: {
                              ...f.retention,
                              [period]: value === "" ? 0 : Number(value),
                            },
                          }))
                        }
                        error={errors[period]}
                      />
                    ))}
                  </FormLayout.Group>
                </FormLayout>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    What to back up
                  </Text>
                  {DATA_TYPES.map((type) => (
                    <Checkbox
                      key={type}
                      label={LABELS[type]}
                      name="dataTypes"
                      value={type}
                      checked={form.dataTypes.includes(type)}
                      onChange={(on) => toggle(type, on)}
                    />
                  ))}
                  {errors.dataTypes ? (
                    <Text as="p" tone="critical">
                      {errors.dataTypes}
                    </Text>
                  ) : null}
                </BlockStack>
              </Card>
              <Card>
                <TextField
                  label="Accept restores from these shops"
                  helpText="This shop becomes a clone target (for example a development store): the shops listed here can restore their snapshots into it. Shop domains, separated by commas."
                  name="acceptRestoresFrom"
                  autoComplete="off"
                  value={form.acceptRestoresFrom.join(", ")}
                  onChange={(value) => setForm((f) => ({ ...f, acceptRestoresFrom: value.split(/,\s*/) }))}
                  error={errors.acceptRestoresFrom}
                />
              </Card>
              <div>
                <Button submit variant="primary" loading={navigation.state === "submitting"}>
                  Save
                </Button>
              </div>
            </BlockStack>
          </Form>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
