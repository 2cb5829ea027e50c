// npm run build's first step: makes the data set data/settings.json chooses ready to publish, then
// publishes it (disclosure-controlled) to static/data for the build to copy. The demo is generated
// afresh each time (it is deterministic; files the drop folder accepted are replayed over it);
// the team's own data are their extracts as ingested, never mixed with the demo.
import { rmSync } from 'node:fs';
import { readManifest } from './extracts';
import { processIncoming } from './incoming';
import { demoInputs, ingest } from './ingest';
import { publish } from './publish';
import { PUBLISHED_DIR, privateExtracts, readSettings } from './settings';
import { writeDemoCsvs } from './demo-data';

export async function prepareSiteData(dataDir = 'data', publishTo = PUBLISHED_DIR, log = console.log): Promise<void> {
  const settings = readSettings(dataDir);
  const extracts = privateExtracts(dataDir);
  if (settings.data_set === 'demo') {
    log(writeDemoCsvs(dataDir));
    const outcome = await ingest(demoInputs(dataDir), { out: extracts, fresh: true, illustrative: true });
    if (!outcome.written) throw new Error(`the demo extracts could not be built: ${outcome.errors[0]?.message ?? 'nothing written'}`);
  } else if (readManifest(extracts)?.manifest.illustrative) {
    log(`${extracts}/ held the illustrative demo: set aside, since data/settings.json chooses your own data.`);
    await ingest([], { out: extracts, fresh: true, illustrative: false });
  }
  for (const d of await processIncoming(dataDir, extracts)) log(`${d.file} (drop folder): ${d.outcome.errors.length ? 'rejected' : 'ingested'}; report at ${d.movedTo}.report.txt`);
  if (!readManifest(extracts)?.manifest.sources.length) {
    throw new Error(`data/settings.json chooses your own data, but ${extracts}/ holds none yet. Ingest your files first: npm run ingest -- FILE... (see README, "Use our data").`);
  }
  // A build starts from an empty folder: nothing from an earlier publication goes into the site.
  rmSync(publishTo, { recursive: true, force: true });
  const m = await publish(extracts, publishTo, settings);
  log(`Published ${m.extracts.observations.rows.toLocaleString('en-GB')} observations to ${publishTo}/ (${m.suppressed_rows.toLocaleString('en-GB')} suppressed)${m.illustrative ? ', illustrative demo data' : ''}.`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await prepareSiteData();
  } catch (e) {
    console.error(`The site's data could not be prepared: ${(e as Error).message}`);
    process.exit(1);
  }
}
