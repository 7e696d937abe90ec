import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { CountCard } from "~/components/CountCard";
import { getDb } from "~/db/shared.server";
import { loadHome } from "~/services/home.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return loadHome(admin, getDb(), session.shop);
};

/** Home: which shop this is, what there is to protect, and the backup state. */
export default function Home() {
  const home = useLoaderData<typeof loader>();
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
              <div>
                <Button url="/app/settings">Backup settings</Button>
              </div>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
