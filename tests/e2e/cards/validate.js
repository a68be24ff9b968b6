// Validates bound cards against the Adaptive Card JSON schema (draft-06) with ajv.
// Usage: node validate.js <schema.json> <cards.json: [{"name", "card"}]>  ->  [{"name", "errors": [...]}]
'use strict';
const fs = require('fs');
const path = require('path');
const modules = path.join(__dirname, '..', 'node_modules');
const Ajv = require(path.join(modules, 'ajv'));
const addFormats = require(path.join(modules, 'ajv-formats'));
const draft6 = require(path.join(modules, 'ajv', 'dist', 'refs', 'json-schema-draft-06.json'));

const schema = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
// The schema names itself with draft-04's "id"; ajv 8 only accepts "$id" (same meaning in draft-06).
if (typeof schema.id === 'string') { schema.$id = schema.id; delete schema.id; }
const cards = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
// strict: false because the published schema uses keywords ajv does not know (e.g. "version" annotations).
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addMetaSchema(draft6);
addFormats(ajv);
const validate = ajv.compile(schema);
const results = cards.map(({ name, card }) => {
  const ok = validate(card);
  return { name, errors: ok ? [] : validate.errors.map(e => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`) };
});
process.stdout.write(JSON.stringify(results));
