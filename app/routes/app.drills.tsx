import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, EmptyState, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { loadDrills, requestDrill } from "~/services/drills.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadDrills(session.shop);
};

/** "Run a drill now": enqueues one drill; the list refreshes while it runs. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  return Response.json({ jobId: await requestDrill(session.shop, `merchant:${sessionToken?.sub ?? "unknown"}`) });
};

const TONE = { ok: "success", problems: "critical", failed: "critical", running: "info" } as const;
const LABEL = { ok: "Passed", problems: "Problems found", failed: "Could not run", running: "Running" } as const;
type Outcome = keyof typeof TONE;

const STEP = { integrity: "Read back", inputs: "Restore inputs", schema: "Admin schema", "dev-store": "Restored into the development store" } as const;

/** Restore drills: a weekly proof that the newest snapshot can be read and restored, and "Run a drill now". */
export default function Drills() {
  const { drills, job } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const revalidator = useRevalidator();
  const active = Boolean(job) || drills.some((d) => d.outcome === "running");
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [active, revalidator]);
  const rows = drills.map((d) => [
    new Date(d.startedAt).toLocaleString(),
    d.trigger === "schedule" ? "Weekly" : "Manual",
    `${d.sampleSize} records${d.sampled.Product ? ` (${d.sampled.Product} products)` : ""}`,
    d.steps.map((s) => `${STEP[s.step]}: ${s.status}`).join(" · "),
    <Badge key="outcome" tone={TONE[d.outcome as Outcome] ?? "info"}>
      {LABEL[d.outcome as Outcome] ?? d.outcome}
    </Badge>,
    d.problems.length,
  ]);
  const withProblems = drills.filter((d) => d.problems.length > 0).slice(0, 3);
  return (
    <Page title="Restore drills" backAction={{ url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="p">
                  Every week Snapshelf takes a random sample of the newest snapshot (25 products and a few of every other kind of record), decrypts each record and checks it against
                  its fingerprint, builds the exact requests a restore would send for the products, and checks them against Shopify&apos;s Admin API schema. Nothing is written to
                  your store.
                </Text>
                {drills.some((d) => d.steps.some((s) => s.status === "unavailable")) && (
                  <Banner tone="warning">{drills.flatMap((d) => d.steps).find((s) => s.status === "unavailable")?.message}</Banner>
                )}
                <InlineStack gap="200" blockAlign="center">
                  <Form method="post">
                    <Button submit variant="primary" loading={busy} disabled={Boolean(job)}>
                      Run a drill now
                    </Button>
                  </Form>
                  {job && <Text as="span">Drill {job.status === "running" ? "running" : "queued"}…</Text>}
                </InlineStack>
              </BlockStack>
            </Card>
            <Card>
              {rows.length === 0 ? (
                <EmptyState heading="No drills yet" image="">
                  <p>The first drill runs once a snapshot exists, or run one now.</p>
                </EmptyState>
              ) : (
                <DataTable columnContentTypes={["text", "text", "text", "text", "text", "numeric"]} headings={["When", "Trigger", "Sample", "Steps", "Outcome", "Problems"]} rows={rows} />
              )}
            </Card>
            {withProblems.map((d) => (
              <Card key={d.id}>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Problems found on {new Date(d.startedAt).toLocaleString()}
                    {d.snapshotId ? ` (snapshot ${d.snapshotId})` : ""}
                  </Text>
                  <List>
                    {d.problems.slice(0, 20).map((p, i) => (
                      <List.Item key={i}>{p.title && p.gid ? `${p.title}: ${p.message}` : p.message}</List.Item>
                    ))}
                  </List>
                  {d.problems.length > 20 && <Text as="p" tone="subdued">and {d.problems.length - 20} more</Text>}
                </BlockStack>
              </Card>
            ))}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
