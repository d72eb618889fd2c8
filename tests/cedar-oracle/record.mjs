// Records a regression for Tyr's differential tests: the case with the official answers.
//
//   node tests/cedar-oracle/record.mjs CASE.json [DESCRIPTION] > tests/Tyr.CedarTests/Differential/Regressions/NAME.json
//
// CASE.json holds one case as oracle.mjs reads it (an array's first case is taken), e.g. a file the
// differential test wrote to artifacts/cedar-diff/ for a disagreement. The regression tests replay
// it through Tyr's engine (without Node) and require these answers.
import { readFileSync } from 'node:fs';
import { answerCase } from './answer.mjs';

const [input, description] = process.argv.slice(2);
if (!input) {
  console.error('usage: node record.mjs CASE.json [DESCRIPTION] > Regressions/NAME.json');
  process.exit(2);
}

const parsed = JSON.parse(readFileSync(input, 'utf8'));
const c = Array.isArray(parsed) ? parsed[0] : parsed;
const regression = {
  description: description ?? c.description ?? '',
  policies: c.policies,
  entities: c.entities,
  requests: c.requests,
  expected: answerCase(c),
};
console.log(JSON.stringify(regression, null, 2));
