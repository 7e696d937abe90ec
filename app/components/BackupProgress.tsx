import { useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";

/** A backup job as the UI sees it (services/backups.server jobView). */
export interface BackupJobView {
  id: string;
  status: string;
  phase: string | null;
  done: number;
  expected: number | null;
  error: string | null;
}

/** The running backup's phase and records done / expected; re-loads the page data while it runs. */
export function BackupProgress({ job }: { job: BackupJobView | null }) {
  const revalidator = useRevalidator();
  const active = job?.status === "queued" || job?.status === "running";
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [active, revalidator]);
  if (!job) return null;
  if (job.status === "failed") {
    return (
      <Banner tone="critical" title="The last backup failed">
        {job.error}
      </Banner>
    );
  }
  if (!active) return null;
  const percent = job.expected ? Math.min(100, Math.round((job.done / job.expected) * 100)) : 0;
  return (
    <div data-testid="backup-progress">
      <BlockStack gap="200">
        <Text as="p">
          Backing up: {job.phase ?? "waiting to start"}
          {job.expected ? ` (${job.done.toLocaleString()} of ${job.expected.toLocaleString()})` : ""}
        </Text>
        <ProgressBar progress={percent} size="small" />
      </BlockStack>
    </div>
  );
}
