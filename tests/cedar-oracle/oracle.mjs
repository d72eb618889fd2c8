// The official Cedar (cedar-wasm) as the oracle for Tyr's differential tests.
//
//   node oracle.mjs CASES.json [OUT.jsonl]
//
// CASES.json holds an array of cases (or {"cases": [...]}), each
//   {"policies": [{"id": "...", "text": "..."}], "entities": [official entities JSON],
//    "requests": [{"principal": {"type","id"}, "action": ..., "resource": ..., "context": {...}}]}
// and the oracle writes one JSON line per request, in order (to OUT or to stdout):
//   {"decision": "allow"|"deny", "reasons": [sorted ids], "errors": [sorted ids of erroring policies]}
// or {"failure": "message"} when the official implementation refuses the input.
//
// Policies are passed as staticPolicies {id: text} so that the ids are the caller's: cedar-wasm
// ignores @id, while the official CLI (and Tyr) name a policy by its @id annotation.
// JSON numbers beyond +-2^53 lose precision in JavaScript: callers keep integers in entities and
// context within that range (policy text may use the whole 64-bit range).
import { readFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { answerCase } from './answer.mjs';

const [input, output] = process.argv.slice(2);
if (!input) {
  console.error('usage: node oracle.mjs CASES.json [OUT.jsonl]');
  process.exit(2);
}

const parsed = JSON.parse(readFileSync(input, 'utf8'));
const cases = Array.isArray(parsed) ? parsed : (parsed.cases ?? [parsed]);
const out = output ? openSync(output, 'w') : 1;

// One write per chunk of lines: thousands of small writes to a pipe are slow.
let pending = [];
function flush() {
  if (pending.length === 0) return;
  writeSync(out, pending.join('\n') + '\n');
  pending = [];
}

for (const c of cases) {
  for (const result of answerCase(c)) pending.push(JSON.stringify(result));
  if (pending.length >= 512) flush();
}

flush();
if (output) closeSync(out);
