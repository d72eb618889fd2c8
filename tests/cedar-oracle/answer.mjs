// What the official Cedar (cedar-wasm) answers for one differential case; shared by oracle.mjs
// (many cases, for the differential test) and record.mjs (one case, for a regression file).
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

const messages = (errors) => errors.map((e) => e.message).join('; ');
const sortedUnique = (ids) => [...new Set(ids)].sort();

function staticPolicies(policies) {
  const byId = {};
  for (const { id, text } of policies) {
    // A JavaScript object would silently keep only the last of two equal ids; the official CLI
    // refuses a policy set in which two policies share an id.
    if (Object.hasOwn(byId, id)) return { failure: `duplicate policy id \`${id}\`` };
    byId[id] = text;
  }
  return { byId };
}

function toResult(answer) {
  if (answer.type !== 'success') return { failure: messages(answer.errors) };
  const { decision, diagnostics } = answer.response;
  return {
    decision,
    reasons: sortedUnique(diagnostics.reason),
    errors: sortedUnique(diagnostics.errors.map((e) => e.policyId)),
  };
}

function request(r) {
  return { principal: r.principal, action: r.action, resource: r.resource, context: r.context ?? {} };
}

let prepared = 0;

/**
 * The answers for the requests of case `c` ({policies: [{id, text}], entities, requests}), in order:
 * {decision, reasons, errors} (ids sorted) or {failure: message}.
 */
export function answerCase(c) {
  const requests = c.requests ?? [];
  const { byId, failure } = staticPolicies(c.policies ?? []);
  if (failure) return requests.map(() => ({ failure }));
  // Each text must hold exactly one policy; its id is ours, not cedar-wasm's.
  const policies = { staticPolicies: byId };
  const entities = c.entities ?? [];

  if (requests.length <= 1) {
    return requests.map((r) => toResult(cedar.isAuthorized({ ...request(r), policies, entities })));
  }

  // Many requests: parse the policy set once.
  const id = `case${prepared++}`;
  const parsed = cedar.preparsePolicySet(id, policies);
  if (parsed.type !== 'success') {
    const refused = { failure: messages(parsed.errors) };
    return requests.map(() => refused);
  }
  return requests.map((r) => toResult(cedar.statefulIsAuthorized({ ...request(r), preparsedPolicySetId: id, entities })));
}
