import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, EmptyState, Layout, Page } from "@shopify/polaris";
import { BackupProgress } from "~/components/BackupProgress";
import { loadSnapshotList, requestFullSnapshot } from "~/services/backups.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadSnapshotList(session.shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const jobId = await requestFullSnapshot(session.shop, `merchant:${sessionToken?.sub ?? "unknown"}`);
  return Response.json({ jobId });
};

/** The shop's snapshots, newest first. */
export default function Snapshots() {
  const { snapshots, job } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const rows = snapshots.map((s) => [
    <Link key={s.id} to={`/app/snapshots/${s.id}`}>
      {new Date(s.takenAt).toLocaleString()}
    </Link>,
    s.kind,
    s.recordCount.toLocaleString(),
    Object.entries(s.countsPerType)
      .map(([type, n]) => `${type} ${n}`)
      .join(", "),
    <Badge key="status" tone="success">{s.status}</Badge>,
  ]);
  return (
    <Page title="Snapshots" backAction={{ url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Form method="post">
              <Button submit variant="primary" loading={navigation.state === "submitting"}>
                Back up now
              </Button>
            </Form>
            <BackupProgress job={job} />
            <Card>
              {rows.length === 0 ? (
                <EmptyState heading="No snapshots yet" image="">
                  <p>Run a backup now, or wait for the schedule.</p>
                </EmptyState>
              ) : (
                <DataTable columnContentTypes={["text", "text", "numeric", "text", "text"]} headings={["Taken", "Kind", "Records", "Per type", "Status"]} rows={rows} />
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
