import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, EmptyState, InlineStack, Layout, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { loadThemeList } from "~/services/theme-restore.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadThemeList(session.shop, new URL(request.url).searchParams.get("snapshot") ?? undefined);
};

const numericId = (gid: string) => gid.split("/").pop() ?? gid;

/** Themes as a chosen snapshot holds them, with file counts; pick one to compare with live and restore. */
export default function Themes() {
  const { snapshots, snapshotId, themes } = useLoaderData<typeof loader>();
  const [snapshot, setSnapshot] = useState(snapshotId ?? "");
  const rows = themes.map((t) => [
    <Link key={t.gid} to={`/app/themes/${snapshotId}/${numericId(t.gid)}`}>
      {t.name}
    </Link>,
    t.role === "MAIN" ? <Badge key="role" tone="success">Live</Badge> : t.role.toLowerCase(),
    t.files.toLocaleString(),
    `${(t.bytes / 1024).toFixed(0)} KB`,
  ]);
  return (
    <Page title="Themes" backAction={{ url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <Form method="get">
                <InlineStack gap="200" blockAlign="end">
                  <Select
                    label="Snapshot"
                    name="snapshot"
                    options={snapshots.map((s) => ({ label: `${new Date(s.takenAt).toLocaleString()} (${s.kind})`, value: s.id }))}
                    value={snapshot}
                    onChange={setSnapshot}
                  />
                  <Button submit>Show themes</Button>
                </InlineStack>
              </Form>
            </Card>
            <Card>
              {rows.length === 0 ? (
                <EmptyState heading="No themes in this snapshot" image="">
                  <p>Theme backups appear here once a snapshot includes themes.</p>
                </EmptyState>
              ) : (
                <BlockStack gap="200">
                  <Text as="p" tone="subdued">
                    Restoring creates a new unpublished theme by default; your live theme is never changed until you choose to.
                  </Text>
                  <DataTable columnContentTypes={["text", "text", "numeric", "numeric"]} headings={["Theme", "Role", "Files", "Size"]} rows={rows} />
                </BlockStack>
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
