// Validates a Teams app manifest against a Teams manifest JSON schema (draft-04) with ajv.
//   node validate-manifest.js <manifest.json> <MicrosoftTeams.schema.json>
// Exit 0 and "valid" when it validates; exit 1 with one line per error otherwise; exit 2 on bad usage.
'use strict';
const fs = require('fs');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');

const [manifestPath, schemaPath] = process.argv.slice(2);
if (!manifestPath || !schemaPath) {
  console.error('usage: node validate-manifest.js <manifest.json> <MicrosoftTeams.schema.json>');
  process.exit(2);
}

// Patterns compile with the "u" flag as ajv does by default (the schema uses \p{L}). Microsoft's v1.25
// schema has one pattern with "\a" (bell), which JavaScript's unicode mode rejects; the copy bundled in
// the Agents Toolkit spells it \u0007, so that is what it means.
function regExp(pattern, flags) {
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    const fixed = pattern.replace(/\\a/g, '\\u0007');
    if (fixed === pattern) throw error;
    return new RegExp(fixed, flags);
  }
}
regExp.code = 'new RegExp';

const ajv = new Ajv({ allErrors: true, strict: false, code: { regExp } });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
if (validate(manifest)) {
  console.log('valid');
  process.exit(0);
}
for (const error of validate.errors) {
  console.log(`${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
}
process.exit(1);
