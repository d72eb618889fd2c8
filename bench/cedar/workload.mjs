// Writes the Cedar benchmark workload into a directory: 100 policies (policies.cedar), a hierarchy
// of 1,000 entities (entities.json) and requests (requests.json). Seeded, so every run and both
// engines judge exactly the same inputs.   node workload.mjs DIR [SEED]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let seed = Number(process.argv[3] ?? 42) >>> 0;
if (!dir) {
  console.error('usage: node workload.mjs DIR [SEED]');
  process.exit(2);
}

// mulberry32: small, fast, and the same sequence on every machine.
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (n) => Math.floor(random() * n);
const uid = (type, id) => ({ type, id });

const GROUPS = 60, USERS = 500, FOLDERS = 60, DOCS = 376; // + 4 actions = 1,000 entities
const ACTIONS = ['view', 'edit', 'delete', 'share'];
const entities = [];

// Groups and folders form trees (each points at an earlier one), so `in` walks several levels.
for (let g = 0; g < GROUPS; g++) {
  entities.push({ uid: uid('Group', `g${g}`), attrs: { name: `group ${g}` },
    parents: g === 0 ? [] : [uid('Group', `g${pick(g)}`)] });
}
for (let u = 0; u < USERS; u++) {
  entities.push({
    uid: uid('User', `u${u}`),
    attrs: {
      level: pick(10),
      department: `dept${pick(8)}`,
      email: `u${u}@${pick(2) ? 'corp.example' : 'contractor.example'}`,
      active: random() < 0.9,
    },
    parents: [uid('Group', `g${pick(GROUPS)}`), uid('Group', `g${pick(GROUPS)}`)],
    tags: { clearance: pick(2) ? 'high' : 'low' },
  });
}
for (let f = 0; f < FOLDERS; f++) {
  entities.push({ uid: uid('Folder', `f${f}`), attrs: { owner: { __entity: uid('User', `u${pick(USERS)}`) } },
    parents: f === 0 ? [] : [uid('Folder', `f${pick(f)}`)] });
}
for (let d = 0; d < DOCS; d++) {
  entities.push({
    uid: uid('Document', `d${d}`),
    attrs: {
      owner: { __entity: uid('User', `u${pick(USERS)}`) },
      name: `doc${d}.${['txt', 'md', 'pdf', 'key'][pick(4)]}`,
      labels: Array.from({ length: pick(4) }, () => `label${pick(12)}`),
      size: pick(1_000_000),
      classification: { level: pick(4), reviewed: random() < 0.5 },
    },
    parents: [uid('Folder', `f${pick(FOLDERS)}`)],
  });
}
for (const a of ACTIONS) entities.push({ uid: uid('Action', a), attrs: {}, parents: [] });

// 100 policies in the shapes a real policy set has: scoped grants, attribute conditions,
// extension-type conditions on the context, and forbids that carve exceptions.
const policies = [];
const group = () => `Group::"g${pick(GROUPS)}"`;
const folder = () => `Folder::"f${pick(FOLDERS)}"`;
const action = () => `Action::"${ACTIONS[pick(ACTIONS.length)]}"`;
for (let i = 0; i < 100; i++) {
  const id = `@id("bench-${i}")\n`;
  switch (i % 10) {
    case 0: case 1: case 2:
      policies.push(`${id}permit(principal in ${group()}, action == ${action()}, resource in ${folder()});`);
      break;
    case 3:
      policies.push(`${id}permit(principal, action in [Action::"view", Action::"edit"], resource is Document)\n` +
        `when { resource.owner == principal && principal.active };`);
      break;
    case 4:
      policies.push(`${id}permit(principal is User, action == Action::"view", resource in ${folder()})\n` +
        `when { principal.level >= ${pick(10)} && resource.classification.level <= ${pick(4)} };`);
      break;
    case 5:
      policies.push(`${id}permit(principal in ${group()}, action, resource)\n` +
        `when { context.source.isInRange(ip("10.${pick(256)}.0.0/16")) && resource has labels && ` +
        `resource.labels.contains("label${pick(12)}") };`);
      break;
    case 6:
      policies.push(`${id}forbid(principal, action == Action::"delete", resource)\n` +
        `unless { principal.level > ${5 + pick(4)} && principal.getTag("clearance") == "high" };`);
      break;
    case 7:
      policies.push(`${id}forbid(principal, action, resource is Document)\n` +
        `when { resource.name like "*.key" && !(principal.email like "*@corp.example") };`);
      break;
    case 8:
      policies.push(`${id}permit(principal, action == Action::"share", resource in ${folder()})\n` +
        `when { context.mfa && context.risk.lessThan(decimal("0.${pick(10)}5")) && ` +
        `principal.department == "dept${pick(8)}" };`);
      break;
    default:
      policies.push(`${id}forbid(principal in ${group()}, action, resource)\n` +
        `when { context.time > datetime("2026-11-${String(10 + pick(18)).padStart(2, '0')}T00:00:00Z") && ` +
        `!context.mfa };`);
  }
}

const requests = [];
for (let r = 0; r < 1000; r++) {
  const principal = pick(20) === 0 ? uid('User', `ghost${r}`) : uid('User', `u${pick(USERS)}`);
  requests.push({
    principal,
    action: uid('Action', ACTIONS[pick(ACTIONS.length)]),
    resource: uid('Document', `d${pick(DOCS)}`),
    context: {
      source: { __extn: { fn: 'ip', arg: `10.${pick(256)}.${pick(256)}.${pick(256)}` } },
      mfa: random() < 0.7,
      risk: { __extn: { fn: 'decimal', arg: `0.${String(pick(10000)).padStart(4, '0')}` } },
      time: { __extn: { fn: 'datetime', arg: `2026-11-${String(1 + pick(28)).padStart(2, '0')}T12:00:00Z` } },
    },
  });
}

mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'policies.cedar'), policies.join('\n\n') + '\n');
writeFileSync(join(dir, 'entities.json'), JSON.stringify(entities));
writeFileSync(join(dir, 'requests.json'), JSON.stringify(requests));
console.log(`workload: ${policies.length} policies, ${entities.length} entities, ${requests.length} requests in ${dir}`);
