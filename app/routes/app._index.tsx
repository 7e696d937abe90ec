import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { BackupProgress } from "~/components/BackupProgress";
import { CountCard } from "~/components/CountCard";
import { getDb } from "~/db/shared.server";
import { jobView, latestSnapshotJob, requestFullSnapshot } from "~/services/backups.server";
import { loadHome } from "~/services/home.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const [home, job] = await Promise.all([loadHome(admin, getDb(), session.shop), latestSnapshotJob(session.shop)]);
  return { ...home, job: jobView(job) };
};

/** "Back up now": enqueues a full snapshot; progress shows through the loader. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  return Response.json({ jobId: await requestFullSnapshot(session.shop, `merchant:${sessionToken?.sub ?? "unknown"}`) });
};

const DRILL = { ok: ["success", "Passed"], problems: ["critical", "Problems found"], failed: ["critical", "Could not run"], running: ["info", "Running"] } as const;

/** Home: which shop this is, what there is to protect, the backup state, and how fast it comes back. */
export default function Home() {
  const home = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <Page title="Snapshelf">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingLg">
                {home.shopName}
              </Text>
              <Text as="p" tone="subdued">
                {home.shopDomain}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={2} gap="400">
            <CountCard label="Products" count={home.productsCount} atLeast={home.productsAtLeast} />
            <CountCard
              label="Customers"
              count={home.customersCount}
              atLeast={home.customersAtLeast}
            />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Snapshots
              </Text>
              {home.snapshotCount === 0 ? (
                <div data-testid="no-snapshots">
                  <Text as="p">
                    No snapshots yet. Choose how often to back up and what to cover, and the first
                    snapshot runs on schedule.
                  </Text>
                </div>
              ) : (
                <Text as="p">{home.snapshotCount} snapshots kept.</Text>
              )}
              <BackupProgress job={home.job} />
              <InlineStack gap="200">
                <Form method="post">
                  <Button submit variant="primary" loading={navigation.state === "submitting"}>
                    Back up now
                  </Button>
                </Form>
                {home.snapshotCount > 0 && <Button url="/app/snapshots">View snapshots</Button>}
                <Button url="/app/settings">Backup settings</Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        {home.recovery && (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Recovery
                </Text>
                <div data-testid="recovery-estimate">
                  <Text as="p">{home.recovery.text}</Text>
                </div>
                <Text as="p" tone="subdued">
                  From the snapshot of {new Date(home.recovery.snapshotTakenAt).toLocaleString()}; Shopify&apos;s rate limit sets the pace of every restore.
                </Text>
                <InlineStack gap="200" blockAlign="center">
                  {home.lastDrill ? (
                    <>
                      <Text as="span">Last restore drill {new Date(home.lastDrill.startedAt).toLocaleDateString()}:</Text>
                      <Badge tone={DRILL[home.lastDrill.outcome as keyof typeof DRILL]?.[0] ?? "info"}>{DRILL[home.lastDrill.outcome as keyof typeof DRILL]?.[1] ?? home.lastDrill.outcome}</Badge>
                    </>
                  ) : (
                    <Text as="span">No restore drill yet.</Text>
                  )}
                  <Button url="/app/drills">Restore drills</Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
