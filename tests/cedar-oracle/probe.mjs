// Asks the official Cedar what an expression does: node probe.mjs 'EXPR' ['EXPR'...]
// Each expression becomes the `when` clause of one permit; prints allow/deny and any error.
// A developer's tool for checking semantics, not part of the tests.
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

for (const expr of process.argv.slice(2)) {
  const answer = cedar.isAuthorized({
    principal: { type: 'User', id: 'alice' },
    action: { type: 'Action', id: 'view' },
    resource: { type: 'Photo', id: 'a' },
    context: {},
    policies: { staticPolicies: `permit(principal, action, resource) when { ${expr} };` },
    entities: [],
  });
  if (answer.type !== 'success') {
    console.log(expr, '=> PARSE ERROR', answer.errors.map((e) => e.message).join(' | '));
    continue;
  }
  const { decision, diagnostics } = answer.response;
  console.log(expr, '=>', decision, diagnostics.errors.map((e) => e.error.message).join(' | '));
}
