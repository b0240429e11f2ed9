// Runs the pinned npm implementations over cases read as JSON on stdin (never shipped, never imported).
// Usage: node run_node.js <impl>   impl: node_sdk | param_builder_node | param_builder_client
'use strict';

const IMPL = process.argv[2];
const SETTERS = {
  em: 'setEmail', ph: 'setPhone', fn: 'setFirstName', ln: 'setLastName', db: 'setDateOfBirth',
  ge: 'setGender', ct: 'setCity', st: 'setState', zp: 'setZip', country: 'setCountry',
  external_id: 'setExternalId', fbc: 'setFbc', fbp: 'setFbp',
  client_ip_address: 'setClientIpAddress', client_user_agent: 'setClientUserAgent',
};
const PB_TYPES = {
  em: 'email', ph: 'phone', fn: 'first_name', ln: 'last_name', db: 'date_of_birth',
  ge: 'gender', ct: 'city', st: 'state', zp: 'zip_code', country: 'country',
  external_id: 'external_id',
};

function sentOutcome(sent) {
  if (sent === undefined) return 'omitted';
  if (Array.isArray(sent)) sent = sent.length ? sent[0] : null;
  return sent === null ? 'null' : 'value:' + sent;
}

function nodeSdk() {
  const sdk = require('facebook-nodejs-business-sdk');
  return (key, value) => {
    if (!SETTERS[key]) return 'n/a';
    const data = new sdk.UserData();
    data[SETTERS[key]](value);
    return sentOutcome(data.normalize()[key]);
  };
}

function paramBuilder(hash) {
  return (key, value) => {
    if (!PB_TYPES[key]) return 'n/a';
    const sent = hash(value, PB_TYPES[key]);
    return sent === null || sent === undefined ? 'omitted' : 'value:' + sent;
  };
}

function load() {
  if (IMPL === 'node_sdk') return nodeSdk();
  if (IMPL === 'param_builder_node') {
    const pb = require('capi-param-builder-nodejs');
    const builder = new pb.ParamBuilder();
    return paramBuilder((v, t) => builder.getNormalizedAndHashedPII(v, t));
  }
  if (IMPL === 'param_builder_client') {
    // The browser bundle wants `self` (webpack UMD); the PII helpers need nothing else.
    globalThis.self = globalThis;
    const client = require('meta-capi-param-builder-clientjs');
    return paramBuilder((v, t) => client.getNormalizedAndHashedPII(v, t));
  }
  throw new Error('unknown implementation ' + IMPL);
}

const run = load();
const console_error = console.error;
console.error = () => {}; // the param builders log caught errors; outcomes carry the finding
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const out = JSON.parse(input).map(({ key, value }) => {
    try {
      return run(key, value);
    } catch (err) {
      return 'error:' + (err && err.name ? err.name : 'Error');
    }
  });
  console.error = console_error;
  process.stdout.write(JSON.stringify(out));
});
