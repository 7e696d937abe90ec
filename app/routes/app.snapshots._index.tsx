import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, EmptyState, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { BackupProgress } from "~/components/BackupProgress";
import { loadSnapshotList, requestFullSnapshot } from "~/services/backups.server";
import { RESTORABLE_TYPES } from "~/services/restore.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { ...(await loadSnapshotList(session.shop)), restorable: RESTORABLE_TYPES.filter((t) => t !== "Order") };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const jobId = await requestFullSnapshot(session.shop, `merchant:${sessionToken?.sub ?? "unknown"}`);
  return Response.json({ jobId });
};

/** The shop's snapshots, newest first. */
export default function Snapshots() {
  const { snapshots, job, restorable } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const [type, setType] = useState("Product");
  const [local, setLocal] = useState("");
  // The merchant picks a local time; the server gets it as an instant.
  const since = local && Number.isFinite(Date.parse(local)) ? new Date(local).toISOString() : "";
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
            {snapshots.length > 0 && (
              <Card>
                <Form method="get" action="/app/restore/new">
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">Undo changes since…</Text>
                    <Text as="p" tone="subdued">Every record of a type that changed after a moment goes back to how it was then. You see the field-by-field preview first.</Text>
                    <InlineStack gap="200" blockAlign="end">
                      <Select label="Type" options={[{ label: "All types", value: "*" }, ...restorable.map((t) => ({ label: t, value: t }))]} value={type} onChange={setType} />
                      <TextField label="Changed since" type="datetime-local" step={1} autoComplete="off" value={local} onChange={setLocal} />
                      <Button submit disabled={!since}>Preview</Button>
                    </InlineStack>
                    {/* The embedded-app parameters ride along so the next page authenticates. */}
                    {[...params.entries()].map(([name, value]) => (
                      <input key={name} type="hidden" name={name} value={value} />
                    ))}
                    <input type="hidden" name="type" value={type} />
                    <input type="hidden" name="since" value={since} />
                  </BlockStack>
                </Form>
              </Card>
            )}
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
