import { readFileSync } from 'fs';
import { join } from 'path';
import { renderRegionTable } from '../../scripts/region-table';

test('docs/REGIONS.md is generated from the catalog and up to date (run `npx projen docs:regions`)', () => {
  const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'REGIONS.md'), 'utf8');
  expect(committed).toBe(renderRegionTable());
  expect(committed).toContain('| `ap-south-1` | Asia Pacific (Mumbai) | aws | ✅ | ❌ | ❌ | aws-aurora-user-guide, global-bundle |');
  expect(committed).toContain('| `us-east-1` | US East (N. Virginia) | aws | ✅ | ✅ | ✅ | aws-aurora-user-guide, global-bundle |  |');
});
